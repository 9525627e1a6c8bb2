import type { Storage } from '../../ports/storage.js';
import { memoryAssets } from './assets.js';
import { memoryOtps } from './otps.js';
import { memoryRevocations } from './revocations.js';
import { memorySessions } from './sessions.js';
import { memorySubscriptions } from './subscriptions.js';
import { memoryUsers } from './users.js';

/**
 * The embedded storage: every repository in process memory, for one process and for tests.
 * Data is lost on restart and not shared between processes. Atomic operations (session
 * rotation, OTP attempts) run synchronously, so they really are atomic. It has no clock: expiry
 * is judged with the `now` core passes in, and expired entries are swept lazily on writes
 * (with the latest time seen), without timers. A `manualClock()` given to `createVault` moves
 * it too.
 *
 * @example
 * import { createVault, memoryStorage } from '@vaultkit/core';
 * const vault = createVault({ storage: memoryStorage(), tokens: { secret } });
 */
export function memoryStorage(): Storage {
  const storage: Storage = {
    users: memoryUsers(),
    sessions: memorySessions(),
    revocations: memoryRevocations(),
    otps: memoryOtps(),
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
