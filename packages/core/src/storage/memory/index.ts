import { systemClock, type Clock } from '../../clock.js';
import type { Storage } from '../../ports/storage.js';
import { memoryAssets } from './assets.js';
import { memoryOtps } from './otps.js';
import { memoryRevocations } from './revocations.js';
import { memorySessions } from './sessions.js';
import { memorySubscriptions } from './subscriptions.js';
import { memoryUsers } from './users.js';

export interface MemoryStorageOptions {
  /**
   * Where expiry (sessions, revocations, OTP codes and locks) reads the time. Pass the same
   * clock as `createVault` so a `manualClock()` moves both.
   * @default systemClock
   */
  clock?: Clock;
}

/**
 * The embedded storage: every repository in process memory, for one process and for tests.
 * Data is lost on restart and not shared between processes. Atomic operations (session
 * rotation, OTP attempts) run synchronously, so they really are atomic. Expired entries are
 * judged at read time and swept lazily on writes, without timers.
 *
 * @example
 * import { createVault, memoryStorage, manualClock } from '@vaultkit/core';
 * const clock = manualClock();
 * const vault = createVault({ clock, storage: memoryStorage({ clock }), tokens: { secret } });
 */
export function memoryStorage(options: MemoryStorageOptions = {}): Storage {
  const clock = options.clock ?? systemClock;
  const storage: Storage = {
    users: memoryUsers(),
    sessions: memorySessions(clock),
    revocations: memoryRevocations(clock),
    otps: memoryOtps(clock),
    assets: memoryAssets(),
    subscriptions: memorySubscriptions(),
    async ping() {},
    async dispose() {},
  };
  memoryStorages.add(storage);
  return storage;
}

const memoryStorages = new WeakSet<object>();

/** Whether `storage` is an embedded memory storage (for the production warning). */
export function isMemoryStorage(storage: unknown): boolean {
  return typeof storage === 'object' && storage !== null && memoryStorages.has(storage);
}
