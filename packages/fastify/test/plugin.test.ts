import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type AuthContext, type Vault, type VaultOptions } from '@vaultkit/core';
import vaultkitDefault, { clientErrorHandler, vaultkit, type VaultUser } from '../src/index.js';

const SECRET = 'fastify-adapter-test-secret-0123456789abcdef';
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

function makeApp(): FastifyInstance {
  const app = Fastify();
  closers.push(() => app.close());
  return app;
}

const loginPayload = { identifier: 'a@b.test', password: 'whatever it is' };

describe('vaultkit plugin', () => {
  it('clientErrorHandler - as Fastify\'s clientErrorHandler option, headers over Node\'s limit get the 431 envelope', async () => {
    const vault = makeVault();
    const app = Fastify({ clientErrorHandler: clientErrorHandler(vault) });
    closers.push(() => app.close());
    await app.register(vaultkit, { vault });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/api/v1/users/me`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ status: 'error', code: 'HEADERS_TOO_LARGE' });
  });

  it('vaultkit - registration fails with a TypeError when options.vault is missing or wrong', async () => {
    await expect(makeApp().register(vaultkit, {} as never)).rejects.toThrow(TypeError);
    await expect(makeApp().register(vaultkit, { vault: { http: {} } } as never)).rejects.toThrow(TypeError);
  });

  it('vaultkit - the default export is the plugin, named @vaultkit/fastify for fastify-plugin', () => {
    expect(vaultkitDefault).toBe(vaultkit);
    expect((vaultkit as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')]).toBe('@vaultkit/fastify');
  });

  it('vaultkit - works through inject (light-my-request) with the raw body handed to the core', async () => {
    const app = makeApp();
    await app.register(vaultkit, { vault: makeVault() });
    const answer = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: loginPayload });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });

  it("vaultkit - the app's JSON parser, 404 and error handler stay the app's", async () => {
    const app = makeApp();
    await app.register(vaultkit, { vault: makeVault() });
    app.setErrorHandler((_error, _request, reply) => reply.code(418).send('app handler'));
    app.post('/echo', async (request) => ({ got: request.body }));
    app.get('/boom', async () => {
      throw new Error('app failure');
    });
    const echo = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(echo.json()).toEqual({ got: { a: 1 } });
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect([boom.statusCode, boom.body]).toEqual([418, 'app handler']);
    const missing = await app.inject({ method: 'GET', url: '/elsewhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).not.toHaveProperty('status');
  });

  it('vaultkit - request.user and request.auth are null on routes without the preHandler', async () => {
    const app = makeApp();
    await app.register(vaultkit, { vault: makeVault() });
    app.get('/open', async (request) => ({ user: request.user, auth: request.auth }));
    expect((await app.inject({ method: 'GET', url: '/open' })).json()).toEqual({ user: null, auth: null });
    expect(typeof app.vault.requireAuth).toBe('function');
    expect(() => app.vault.requireRole('')).toThrow(TypeError);
  });

  it('vaultkit - closing the app does not close the vault (the app owns it)', async () => {
    const vault = makeVault();
    const close = vi.spyOn(vault, 'close');
    const app = Fastify();
    await app.register(vaultkit, { vault });
    await app.close();
    expect(close).not.toHaveBeenCalled();
  });

  it('vaultkit - with an empty prefix the app can still set its own 404 handler', async () => {
    const app = makeApp();
    await app.register(vaultkit, { vault: makeVault({ prefix: '' }) });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send('app 404'));
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/nothing' })).body).toBe('app 404');
    expect((await app.inject({ method: 'POST', url: '/auth/login', payload: loginPayload })).statusCode).toBe(401);
  });

  it('vaultkit - types: the caller property, request.auth and fastify.vault are declared', () => {
    // This test program names the caller property `vault` (test/vaultkit-types.ts, as an app beside
    // @fastify/jwt would); test/types-default/ checks the un-augmented `request.user`.
    expectTypeOf<FastifyRequest['vault']>().toEqualTypeOf<VaultUser | null>();
    expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<AuthContext | null>();
    expectTypeOf<FastifyInstance['vault']['requireAuth']>().toBeFunction();
  });
});
