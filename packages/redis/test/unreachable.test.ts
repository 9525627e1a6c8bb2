import { DependencyError, type Storage } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisHotState, type RedisHotState } from '../src/index.js';
import { unreachableClient } from './redis.js';

/**
 * Redis down: every call of every repository is a `DependencyError`, never a raw driver error
 * (and so `isRevoked` fails closed: it rejects, it never answers "not revoked").
 */
describe('redisHotState with Redis unreachable', () => {
  let client: Redis;
  let hot: RedisHotState;
  const now = new Date();
  const later = new Date(now.getTime() + 60_000);

  beforeAll(async () => {
    client = await unreachableClient();
    hot = redisHotState(client, { prefix: 'vk-test:unreachable:' });
  });
  afterAll(() => client.disconnect());

  const calls: Array<[string, (hot: Pick<Storage, 'sessions' | 'revocations' | 'otps'>) => Promise<unknown>]> = [
    ['sessions.create', (h) => h.sessions.create({ id: 's', userId: 'u', refreshHash: 'h', previousHash: null, rotatedAt: null, lastPair: null, expiresAt: later, absoluteExpiresAt: later, createdAt: now, userAgent: null, ip: null, credentialVersion: 0 })],
    ['sessions.findById', (h) => h.sessions.findById('s', now)],
    ['sessions.rotate', (h) => h.sessions.rotate('s', 'h', { refreshHash: 'n', previousHash: 'h', rotatedAt: now, lastPair: 'p', expiresAt: later })],
    ['sessions.delete', (h) => h.sessions.delete('s')],
    ['sessions.deleteByUser', (h) => h.sessions.deleteByUser('u')],
    ['sessions.listByUser', (h) => h.sessions.listByUser('u', now)],
    ['revocations.allowSession', (h) => h.revocations.allowSession('s', later, now)],
    ['revocations.revokeSession', (h) => h.revocations.revokeSession('s')],
    ['revocations.revokeToken', (h) => h.revocations.revokeToken('j', later, now)],
    ['revocations.isRevoked', (h) => h.revocations.isRevoked({ jti: 'j', sid: 's' }, now)],
    ['otps.issue', (h) => h.otps.issue({ purpose: 'login', subject: 'x', codeHash: 'c', expiresAt: later, retainUntil: later, now })],
    ['otps.attempt', (h) => h.otps.attempt({ purpose: 'login', subject: 'x', codeHash: 'c', maxAttempts: 5, lockUntil: later, now })],
    ['otps.delete', (h) => h.otps.delete('login', 'x')],
  ];

  for (const [name, call] of calls) {
    it(`${name} - rejects with DependencyError (503), the driver error kept as cause`, async () => {
      const error = await call(hot).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DependencyError);
      expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
      expect((error as DependencyError).cause).toBeInstanceOf(Error);
      expect((error as DependencyError).cause).not.toBeInstanceOf(DependencyError);
    });
  }

  it('ping - rejects with DependencyError (for /ready)', async () => {
    await expect(hot.ping()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
