import express, { type Express } from 'express';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type AuthContext, type Vault, type VaultLogger, type VaultOptions } from '@vaultkit/core';
import { closeAfterTest, listen } from './servers.js';
import { requireAuth, requireRole, vaultRouter, type VaultUser } from '../src/index.js';

const SECRET = 'express-adapter-test-secret-0123456789abcdef';

function makeVault(http: VaultOptions['http'] = {}, logger?: VaultLogger): Vault {
  const vault = createVault({
    ...(logger ? { logger } : {}),
    storage: memoryStorage(),
    mailer: outboxMailer({ log: false }),
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    http,
  });
  closeAfterTest(() => vault.close());
  return vault;
}

const login = (url: string) =>
  fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'a@b.test', password: 'whatever it is' }) });

describe('vaultRouter', () => {
  it('vaultRouter - a missing or wrong vault is a TypeError at once', () => {
    expect(() => vaultRouter(undefined as unknown as Vault)).toThrow(TypeError);
    expect(() => requireAuth({} as Vault)).toThrow(TypeError);
    expect(() => requireRole(makeVault(), '')).toThrow(TypeError);
  });

  /** @see issue 10 (item 6): the order was silently "fixed" by re-serialising, or failed with Express's HTML page. */
  it('vaultRouter - behind express.json() the routes answer a JSON 500 envelope that says to mount it first', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const app = express();
    app.use(express.json());
    app.use(vaultRouter(makeVault({}, logger)));
    const url = await listen(app);
    for (let i = 0; i < 2; i += 1) {
      const answer = await login(url);
      expect(answer.status).toBe(500);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await answer.json()) as { status: string; code: string; message: string };
      expect(body).toMatchObject({ status: 'error', code: 'INTERNAL_ERROR' });
      expect(body.message).toContain('Mount vaultRouter(vault) before express.json()');
    }
    // The developer's log hears about it once per router, not once per request, with the fix.
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('Mount vaultRouter(vault) before express.json()'));
    // A vault route without a body is not affected: nothing was read before it.
    expect((await fetch(`${url}/api/v1/users/me`)).status).toBe(401);
  });

  it('vaultRouter - mounted before express.json(): vault bodies reach the core, the app keeps its parser', async () => {
    const app = express();
    app.use(vaultRouter(makeVault()));
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res.json({ got: req.body });
    });
    const url = await listen(app);
    expect((await login(url)).status).toBe(401);
    const echo = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ got: { a: 1 } });
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
