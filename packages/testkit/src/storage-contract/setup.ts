import type { Storage } from '@vaultkit/core';
import { afterEach, beforeEach, it } from 'vitest';

/** Builds one fresh, empty storage for one test (its schema already set up). */
export type MakeStorage = () => Storage | Promise<Storage>;

export interface StorageContractOptions {
  /**
   * Runs after each test, before `storage.dispose()`: drop the data a shared backend kept
   * (a random database, schema or key prefix per test makes this cheap).
   * @default undefined
   */
  cleanup?: (storage: Storage) => Promise<void>;
  /**
   * A second storage on the same backend and data as `first`, through its own connection (a
   * second pool, client or mongoose connection), as a second server process would have. The
   * cross-connection races run through both. Without it those tests are reported skipped.
   * It is disposed after the test, before `first`.
   * @default undefined
   */
  makeSecond?: (first: Storage) => Storage | Promise<Storage>;
  /**
   * A storage whose backend cannot be reached (say a client pointed at a closed loopback port,
   * with a short connect timeout so each call fails within the test's timeout): `ping` and every
   * repository call must reject with `DependencyError` keeping the driver error as `cause`.
   * Without it that test is reported skipped. Disposed after the test.
   * @default undefined
   */
  makeUnreachable?: () => Storage | Promise<Storage>;
}

/** The per-test state the repository suites read (set afresh before every test). */
export interface ContractEnv {
  storage: Storage;
  /**
   * The test's start time in ms, taken from the real clock: every date the suite passes is near
   * the real time, so a backend that also purges on its own clock (TTL index, `PEXPIREAT`)
   * keeps what is live. Time "moves" only through the dates and `now` the suite passes.
   */
  t0: number;
  /** `new Date(t0 + ms)`. */
  at(ms: number): Date;
  options: StorageContractOptions;
  /** A second storage on the same backend (needs `options.makeSecond`). */
  second(): Promise<Storage>;
  /** A fresh storage from `make` (disposed, after `cleanup`, at the end of the test). */
  fresh(): Promise<Storage>;
  /** `it`, reported skipped with the reason when `options[option]` is absent. */
  itWith(option: 'makeSecond' | 'makeUnreachable', name: string, fn: () => Promise<void>): void;
}

/**
 * Registers the fresh-storage hooks in the current `describe` and returns the env they fill.
 * Nothing is shared between tests.
 */
export function useContractEnv(make: MakeStorage, options: StorageContractOptions): ContractEnv {
  let extras: Array<() => Promise<void>> = [];
  const release = async (storage: Storage): Promise<void> => {
    try {
      await options.cleanup?.(storage);
    } finally {
      await storage.dispose?.();
    }
  };
  const env = {
    options,
    at: (ms: number) => new Date(env.t0 + ms),
    async second() {
      if (!options.makeSecond) throw new TypeError('storageContract: makeSecond is not set');
      const second = await options.makeSecond(env.storage);
      extras.push(async () => second.dispose?.());
      return second;
    },
    async fresh() {
      const storage = await make();
      extras.push(() => release(storage));
      return storage;
    },
    itWith(option: 'makeSecond' | 'makeUnreachable', name: string, fn: () => Promise<void>) {
      const skip = options[option] === undefined;
      it.skipIf(skip)(skip ? `${name} [skipped: no ${option} option given]` : name, fn);
    },
  } as ContractEnv;

  beforeEach(async () => {
    env.t0 = Date.now();
    extras = [];
    env.storage = await make();
  });

  afterEach(async () => {
    const { storage } = env;
    try {
      for (const undo of extras.reverse()) await undo();
    } finally {
      if (storage) await release(storage);
    }
  });

  return env;
}
