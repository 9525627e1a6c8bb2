import { DependencyError, isVaultError } from '@vaultkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, postgresStorage, type PostgresStorage } from '../src/index.js';
import { DATABASE_URL, newPool, randomSchema, unreachableUrl } from './pg.js';

/** What every failure must look like: a 503 DependencyError, the driver error only as `cause`. */
function expectDependencyError(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(DependencyError);
  expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
  expect((error as DependencyError).cause).toBeDefined();
  const message = (error as Error).message;
  for (const secret of secrets) expect(message).not.toContain(secret);
  expect(message).not.toMatch(/SELECT|INSERT|UPDATE|DELETE|ECONNREFUSED/);
}

/**
 * PostgreSQL down (a closed loopback port; nothing is stopped): every call of every repository
 * is a `DependencyError`, never a raw pg error, and `isRevoked` rejects (fails closed) instead of
 * answering "not revoked".
 */
describe('postgresStorage with PostgreSQL unreachable', () => {
  let url: string;
  let storage: PostgresStorage;
  const now = new Date();
  const later = new Date(now.getTime() + 60_000);

  beforeAll(async () => {
    url = await unreachableUrl();
    storage = postgresStorage(url);
  });
  afterAll(async () => {
    await storage.dispose();
  });

  const calls: Array<[string, () => Promise<unknown>]> = [
    ['ping', () => storage.ping()],
    ['users.findById', () => storage.users.findById('u')],
    ['users.list', () => storage.users.list({ page: 1, limit: 10, search: 'a' })],
    ['users.bumpCredentialVersion', () => storage.users.bumpCredentialVersion('u')],
    ['sessions.findById', () => storage.sessions.findById('s', now)],
    ['sessions.rotate', () => storage.sessions.rotate('s', 'h', { refreshHash: 'n', previousHash: 'h', rotatedAt: now, lastPair: 'p', expiresAt: later })],
    ['revocations.isRevoked', () => storage.revocations.isRevoked({ jti: 'j', sid: 's' }, now)],
    ['otps.attempt', () => storage.otps.attempt({ purpose: 'login', subject: 's', codeHash: 'c', maxAttempts: 5, lockUntil: later, now })],
    ['assets.deleteMany', () => storage.assets.deleteMany(['a'])],
    ['subscriptions.channelStats', () => storage.subscriptions.channelStats('c', 'v')],
    ['sweep', () => storage.sweep(now)],
  ];

  for (const [name, call] of calls) {
    it(`${name} - DependencyError (503), no SQL or address in the message`, async () => {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      const { password, port } = new URL(url);
      expectDependencyError(error, [password, port]);
    });
  }

  it('migrate - DependencyError when the database cannot be reached', async () => {
    const error = await migrate(url).catch((e: unknown) => e);
    expect(isVaultError(error) && error.code).toBe('DEPENDENCY_UNAVAILABLE');
  });
});

describe('postgresStorage before migrate', () => {
  const pool = newPool(2);
  afterAll(() => pool.end());

  it('a query on a schema without the tables - DependencyError whose cause says to run migrate()', async () => {
    const storage = postgresStorage(pool, { schema: randomSchema() });
    const error = await storage.users.findById('u').catch((e: unknown) => e);
    expectDependencyError(error, []);
    expect(String(((error as Error).cause as Error).message)).toContain('migrate(pool)');
  });

  it('ping answers while the database is up, whatever the schema', async () => {
    const storage = postgresStorage(DATABASE_URL, { schema: randomSchema() });
    try {
      await expect(storage.ping()).resolves.toBeUndefined();
    } finally {
      await storage.dispose();
    }
  });
});
