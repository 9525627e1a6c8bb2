import { describe, expect, it } from 'vitest';
import { assetsContract } from './assets.js';
import { otpsContract } from './otps.js';
import { revocationsContract } from './revocations.js';
import { sessionsContract } from './sessions.js';
import { type MakeStorage, type StorageContractOptions, useContractEnv } from './setup.js';
import { subscriptionsContract } from './subscriptions.js';
import { usersContract } from './users.js';

export type { MakeStorage, StorageCapabilities, StorageContractOptions } from './setup.js';

/**
 * The storage contract: every guarantee of the `Storage` port as a vitest suite, races and
 * guard misses included. Call it at the top level of a test file. `make` runs before every test
 * and must return an empty storage (use a random database or key prefix and `cleanup`); with
 * `capabilities.injectableClock` the adapter reads time from the given clock, and the expiry
 * tests move it instead of being skipped.
 *
 * @example
 * import { memoryStorage } from '@vaultkit/core';
 * import { storageContract } from '@vaultkit/testkit';
 *
 * storageContract('memory', ({ clock }) => memoryStorage({ clock }), { capabilities: { injectableClock: true } });
 */
export function storageContract(name: string, make: MakeStorage, options: StorageContractOptions = {}): void {
  describe(`storage contract: ${name}`, () => {
    const env = useContractEnv(make, options);

    it('storage.ping - resolves while the backend is up', async () => {
      await expect(Promise.resolve(env.storage.ping?.())).resolves.toBeUndefined();
    });

    usersContract(env);
    sessionsContract(env);
    revocationsContract(env);
    otpsContract(env);
    assetsContract(env);
    subscriptionsContract(env);
  });
}
