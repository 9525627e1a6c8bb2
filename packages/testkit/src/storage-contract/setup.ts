import { manualClock, type ManualClock, type Storage } from '@vaultkit/core';
import { afterEach, beforeEach, it } from 'vitest';

/** What the adapter under test can do; a missing capability skips the tests that need it. */
export interface StorageCapabilities {
  /**
   * The adapter decides expiry with the clock given to `make` (sessions, revocations, OTP codes
   * and locks), so the suite can move time. Adapters that rely on the server's own clock (Redis
   * `EX`, a Mongo TTL index alone) leave it off and their expiry tests are skipped.
   * @default false
   */
  injectableClock?: boolean;
}

/** Builds one fresh, empty storage for one test, reading time from `clock` when it can. */
export type MakeStorage = (ctx: { clock: ManualClock }) => Storage | Promise<Storage>;

export interface StorageContractOptions {
  /** @default {} */
  capabilities?: StorageCapabilities;
  /**
   * Runs after each test, before `storage.dispose()`: drop the data a shared backend kept
   * (a random database or key prefix per test makes this cheap).
   * @default undefined
   */
  cleanup?: (storage: Storage) => Promise<void>;
}

/** The per-test state the repository suites read (set afresh before every test). */
export interface ContractEnv {
  storage: Storage;
  clock: ManualClock;
  caps: Required<StorageCapabilities>;
  /** `it`, skipped with a stated reason when the adapter cannot follow an injected clock. */
  itWithClock: (name: string, fn: () => Promise<void>) => void;
}

/**
 * Registers the fresh-storage hooks in the current `describe` and returns the env they fill.
 * Nothing is shared between tests: each gets its own clock and storage.
 */
export function useContractEnv(make: MakeStorage, options: StorageContractOptions): ContractEnv {
  const caps: Required<StorageCapabilities> = { injectableClock: options.capabilities?.injectableClock ?? false };
  const skip = !caps.injectableClock;
  const env = {
    caps,
    itWithClock(name: string, fn: () => Promise<void>) {
      it.skipIf(skip)(skip ? `${name} [skipped: needs capabilities.injectableClock]` : name, fn);
    },
  } as ContractEnv;

  beforeEach(async () => {
    // An adapter on a real clock gets dates near the real time, so nothing looks expired.
    env.clock = caps.injectableClock ? manualClock() : manualClock(Date.now());
    env.storage = await make({ clock: env.clock });
  });

  afterEach(async () => {
    const { storage } = env;
    if (!storage) return;
    try {
      await options.cleanup?.(storage);
    } finally {
      await storage.dispose?.();
    }
  });

  return env;
}
