import { composeStorage, DependencyError, memoryStorage, type Storage, type StoragePart } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { redisHotState } from '../src/index.js';
import { connect, dropPrefix, randomPrefix, unreachableClient } from './redis.js';

/*
 * The storage contract on the real Redis of scripts/services.sh: sessions, revocations and OTPs
 * from redisHotState (a key prefix of their own per test, dropped afterwards), composed over the
 * memory storage for users, assets and subscriptions, as an app composes it over PostgreSQL.
 */
let client: Redis;
let second: Redis;
let down: Redis;
const prefixes = new WeakMap<Storage, string>();

beforeAll(async () => {
  [client, second, down] = await Promise.all([connect(), connect(), unreachableClient()]);
});
afterAll(async () => {
  await Promise.all([client.quit(), second.quit()]);
  down.disconnect();
});

storageContract(
  'redis hot state (over memory)',
  () => {
    const prefix = randomPrefix();
    const storage = composeStorage(memoryStorage(), redisHotState(client, { prefix }));
    prefixes.set(storage, prefix);
    return storage;
  },
  {
    cleanup: async (storage) => {
      const prefix = prefixes.get(storage);
      if (prefix) await dropPrefix(client, prefix);
    },
    // A second process: the same accounts, the same Redis keys, its own connection.
    makeSecond: (first) => composeStorage(first, redisHotState(second, { prefix: prefixes.get(first)! })),
    makeUnreachable: () => composeStorage(refusedAccounts(), redisHotState(down, { prefix: randomPrefix() })),
  },
);

/**
 * The contract's unreachable test expects every repository to reject, but this package only
 * provides sessions, revocations and OTPs (those are real, on a client whose Redis is
 * unreachable). Memory cannot be down, so users, assets and subscriptions come from this
 * stand-in, which rejects as a down database adapter does. It has no `ping`: the composed
 * `ping` is Redis's alone, so that part of the test still checks this package.
 */
function refusedAccounts(): StoragePart {
  const refused = (): Promise<never> => Promise.reject(new DependencyError('storage', { cause: new Error('connect ECONNREFUSED (stand-in)') }));
  const shape = memoryStorage();
  const part = (name: 'users' | 'assets' | 'subscriptions') => Object.fromEntries(Object.keys(shape[name]).map((method) => [method, refused]));
  return { users: part('users'), assets: part('assets'), subscriptions: part('subscriptions') } as unknown as StoragePart;
}
