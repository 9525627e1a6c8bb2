import { describe } from 'vitest';
import { assetsContract } from './assets.js';
import { crossInstanceContract } from './cross-instance.js';
import { lifecycleContract } from './lifecycle.js';
import { otpsContract } from './otps.js';
import { revocationsContract } from './revocations.js';
import { sessionsContract } from './sessions.js';
import { type MakeStorage, type StorageContractOptions, useContractEnv } from './setup.js';
import { subscriptionsContract } from './subscriptions.js';
import { usersContract } from './users.js';

export type { MakeStorage, StorageContractOptions } from './setup.js';

/**
 * The storage contract: every guarantee of the `Storage` port (its JSDoc is the specification)
 * as a vitest suite, races and guard misses included. Call it at the top level of a test file.
 *
 * `make` runs before every test and must return an empty storage whose schema is set up (run
 * your adapter's migration step once in `beforeAll`, or inside `make`; use a random database,
 * schema or key prefix per test and drop it in `cleanup`). The adapter needs no clock: the
 * suite moves time by passing later `now` dates, all near the real time.
 *
 * `makeSecond` and `makeUnreachable` enable the cross-connection races and the
 * unreachable-backend test; without them those tests show as skipped, with the reason.
 *
 * @example
 * import { memoryStorage } from '@vaultkit/core';
 * import { storageContract } from '@vaultkit/testkit';
 *
 * storageContract('memory', () => memoryStorage());
 */
export function storageContract(name: string, make: MakeStorage, options: StorageContractOptions = {}): void {
  describe(`storage contract: ${name}`, () => {
    const env = useContractEnv(make, options);
    lifecycleContract(env);
    usersContract(env);
    sessionsContract(env);
    revocationsContract(env);
    otpsContract(env);
    assetsContract(env);
    subscriptionsContract(env);
    crossInstanceContract(env);
  });
}
