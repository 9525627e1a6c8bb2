/**
 * vaultkit beside @fastify/jwt, the most common companion plugin: both decorate `request.user`
 * by default. @see issue 10 (item 3).
 */
import fastifyJwt, { type UserType } from '@fastify/jwt';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type Vault } from '@vaultkit/core';
import { vaultkit, type VaultUser } from '../src/index.js';
import './vaultkit-types.js';

const SECRET = 'fastify-jwt-beside-vaultkit-secret-0123456789';
const JWT_SECRET = 'the-apps-own-jwt-secret-for-its-own-routes-0123';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function makeVault(): Vault {
  const vault = createVault({
    storage: memoryStorage(),
    mailer: outboxMailer({ log: false }),
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    auth: { requireEmailVerification: false, twoFactor: 'off', loginNotification: false },
  });
  closers.push(() => vault.close());
  return vault;
}

function makeApp(): FastifyInstance {
  const app = Fastify();
  closers.push(() => app.close());
  return app;
}

/** A signed-in vault user through the vault's own routes: its access token. */
async function vaultToken(app: FastifyInstance): Promise<string> {
  const credentials = { email: 'jwt-neighbour@example.test', password: 'correct horse battery staple' };
  const registered = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: credentials });
  expect(registered.statusCode).toBeLessThan(300);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: credentials.email, password: credentials.password } });
  expect(login.statusCode).toBe(200);
  return (login.json() as { data: { accessToken: string } }).data.accessToken;
}

describe('vaultkit beside @fastify/jwt', () => {
  it("decoratorName 'vault' - one app: @fastify/jwt fills request.user, vaultkit request.vault, each on its own routes", async () => {
    const app = makeApp();
    await app.register(fastifyJwt, { secret: JWT_SECRET });
    await app.register(vaultkit, { vault: makeVault(), decoratorName: 'vault' });
    app.get('/jwt/me', { onRequest: (request) => request.jwtVerify() }, async (request) => ({ user: request.user, vault: request.vault }));
    app.get('/vault/me', { preHandler: app.vault.requireAuth() }, async (request) => ({ user: request.user, vault: request.vault }));

    const jwtToken = app.jwt.sign({ sub: 'app-user-1', scope: 'posts' });
    const byJwt = await app.inject({ method: 'GET', url: '/jwt/me', headers: { authorization: `Bearer ${jwtToken}` } });
    expect(byJwt.statusCode).toBe(200);
    expect(byJwt.json()).toMatchObject({ user: { sub: 'app-user-1', scope: 'posts' }, vault: null });

    const accessToken = await vaultToken(app);
    const byVault = await app.inject({ method: 'GET', url: '/vault/me', headers: { authorization: `Bearer ${accessToken}` } });
    expect(byVault.statusCode).toBe(200);
    const body = byVault.json() as { user: unknown; vault: VaultUser };
    expect(body.user).toBeNull();
    expect(body.vault).toEqual({ id: expect.any(String), role: 'user', sessionId: expect.any(String) });

    // Each refuses the other's token on its own routes: two auth systems side by side, not merged.
    expect((await app.inject({ method: 'GET', url: '/vault/me', headers: { authorization: `Bearer ${jwtToken}` } })).json()).toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await app.inject({ method: 'GET', url: '/jwt/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(401);
  });

  it('both on request.user - registering vaultkit fails with an error naming decoratorName; the process lives', async () => {
    const app = makeApp();
    await app.register(fastifyJwt, { secret: JWT_SECRET });
    const failure = app.register(vaultkit, { vault: makeVault() });
    await expect(failure).rejects.toThrow(TypeError);
    await expect(failure).rejects.toThrow(/request\.user is already decorated.*decoratorName/s);
  });

  it('types - the renamed property is the caller; request.user stays @fastify/jwt', () => {
    expectTypeOf<FastifyRequest['vault']>().toEqualTypeOf<VaultUser | null>();
    expectTypeOf<FastifyRequest['user']>().toEqualTypeOf<UserType>();
  });
});
