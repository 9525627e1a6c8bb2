/**
 * `fastify.vault.requireAuth` / `requireRole` passed without being called: Fastify would call
 * them as the hook and wait for ever. @see issue 10 (item 6).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type Vault, type VaultLogger } from '@vaultkit/core';
import { vaultkit } from '../src/index.js';

const SECRET = 'fastify-guards-test-secret-0123456789abcdef';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function makeVault(logger?: VaultLogger): Vault {
  const vault = createVault({ storage: memoryStorage(), mailer: outboxMailer({ log: false }), tokens: { secret: SECRET }, ...(logger ? { logger } : {}) });
  closers.push(() => vault.close());
  return vault;
}

async function makeApp(vault = makeVault()): Promise<FastifyInstance> {
  const app = Fastify();
  closers.push(() => app.close());
  await app.register(vaultkit, { vault });
  return app;
}

describe('fastify.vault guards passed uncalled', () => {
  it('requireAuth / requireRole as a route hook uncalled - a TypeError at registration that says to call it', async () => {
    const app = await makeApp();
    const handler = async () => ({ ok: true });
    expect(() => app.get('/a', { onRequest: app.vault.requireAuth as never }, handler)).toThrow(TypeError);
    expect(() => app.get('/b', { preHandler: app.vault.requireAuth as never }, handler)).toThrow(/GET \/b: fastify\.vault\.requireAuth .*\{ preHandler: fastify\.vault\.requireAuth\(\) \}/);
    expect(() => app.get('/c', { preHandler: [app.vault.requireRole as never] }, handler)).toThrow(/requireRole\('role'\)/);
    // Called, as meant: registers and answers the 401 envelope.
    app.get('/d', { onRequest: app.vault.requireAuth() }, handler);
    expect((await app.inject({ method: 'GET', url: '/d' })).json()).toMatchObject({ status: 'error', code: 'AUTH_REQUIRED' });
  });

  it('requireAuth uncalled inside a plugin - the plugin registration rejects instead of throwing', async () => {
    const app = await makeApp();
    const child = app.register(async (scope) => {
      scope.get('/x', { onRequest: scope.vault.requireAuth as never }, async () => ({ ok: true }));
    });
    await expect(child).rejects.toThrow(/requireAuth/);
  });

  it('requireAuth / requireRole added uncalled with addHook - a 500 envelope that says to call it, never a hang', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const app = await makeApp(makeVault(logger));
    const handler = vi.fn(async () => ({ ok: true }));
    await app.register(async (scope) => {
      scope.addHook('onRequest', scope.vault.requireAuth as never);
      scope.get('/auth-hook', handler);
    });
    await app.register(async (scope) => {
      scope.addHook('preHandler', scope.vault.requireRole as never);
      scope.get('/role-hook', handler);
    });
    for (const [url, call] of [['/auth-hook', 'requireAuth()'], ['/role-hook', "requireRole('role')"]] as const) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode).toBe(500);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.json()).toMatchObject({ status: 'error', code: 'INTERNAL_ERROR' });
      expect((answer.json() as { message: string }).message).toContain(`{ preHandler: fastify.vault.${call} }`);
    }
    expect(handler).not.toHaveBeenCalled();
    // The developer's console hears about it once, not once per request.
    await app.inject({ method: 'GET', url: '/auth-hook' });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('requireRole - an empty role is a TypeError at once', async () => {
    const app = await makeApp();
    expect(() => app.vault.requireRole('')).toThrow(TypeError);
  });
});

describe('vaultkit decoratorName option', () => {
  it("decoratorName - 'auth', '' or a property Fastify already has fail the registration", async () => {
    for (const decoratorName of ['auth', '', 'headers']) {
      const app = Fastify();
      closers.push(() => app.close());
      await expect(app.register(vaultkit, { vault: makeVault(), decoratorName })).rejects.toThrow(TypeError);
    }
  });

  it('decoratorName - registering vaultkit twice in one scope fails the registration (fastify.vault is taken)', async () => {
    const app = await makeApp();
    await expect(app.register(vaultkit, { vault: makeVault(), decoratorName: 'caller' })).rejects.toThrow(/fastify\.vault is already decorated/);
  });
});
