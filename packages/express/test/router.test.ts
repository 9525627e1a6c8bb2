import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type AuthContext, type Vault, type VaultOptions } from '@vaultkit/core';
import { requireAuth, requireRole, vaultRouter, type VaultUser } from '../src/index.js';

const SECRET = 'express-adapter-test-secret-0123456789abcdef';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function makeVault(http: VaultOptions['http'] = {}): Vault {
  const vault = createVault({
    storage: memoryStorage(),
    mailer: outboxMailer({ log: false }),
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    http,
  });
  closers.push(() => vault.close());
  return vault;
}

async function listen(app: Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const login = (url: string) =>
  fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'a@b.test', password: 'whatever it is' }) });

describe('vaultRouter', () => {
  it('vaultRouter - a missing or wrong vault is a TypeError at once', () => {
    expect(() => vaultRouter(undefined as unknown as Vault)).toThrow(TypeError);
    expect(() => requireAuth({} as Vault)).toThrow(TypeError);
    expect(() => requireRole(makeVault(), '')).toThrow(TypeError);
  });

  it('vaultRouter - still reads the body behind an app-level express.json()', async () => {
    const app = express();
    app.use(express.json());
    const vault = makeVault();
    app.use(vaultRouter(vault));
    const answer = await login(await listen(app));
    // 401 (credentials checked), not 400: the parsed body reached the core.
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });

  it('vaultRouter - { mountPrefix: false } mounted by the app at the prefix', async () => {
    const app = express();
    const vault = makeVault();
    app.use(vault.http.prefix, vaultRouter(vault, { mountPrefix: false }));
    const url = await listen(app);
    expect((await login(url)).status).toBe(401);
    const missing = await fetch(`${url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
  });

  it("vaultRouter - the app's routes, 404 and error handler outside the prefix are untouched", async () => {
    const app = express();
    const vault = makeVault();
    app.use(vaultRouter(vault));
    app.get('/boom', () => {
      throw new Error('app failure');
    });
    // eslint-disable-next-line max-params -- Express recognises error handlers by their four parameters.
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(418).send('app handler');
    });
    const url = await listen(app);
    const boom = await fetch(`${url}/boom`);
    expect([boom.status, await boom.text()]).toEqual([418, 'app handler']);
    const other = await fetch(`${url}/api/v10/users`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('vaultRouter - with an empty prefix the app routes after the router still answer', async () => {
    const app = express();
    const vault = makeVault({ prefix: '' });
    app.use(vaultRouter(vault));
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    const url = await listen(app);
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi');
    const answer = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(400);
  });

  it('requireAuth - types: req.user and req.auth are declared on Express.Request', () => {
    expectTypeOf<express.Request['user']>().toEqualTypeOf<Express.User | undefined>();
    expectTypeOf<Express.User>().toMatchTypeOf<VaultUser>();
    expectTypeOf<express.Request['auth']>().toEqualTypeOf<AuthContext | undefined>();
  });
});
