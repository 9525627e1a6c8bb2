import type { Storage } from '../ports/storage.js';

/** One adapter's part of the storage: some repositories and its own `ping`/`dispose`. */
export type StoragePart = Partial<Storage>;

const REPOSITORIES = ['users', 'sessions', 'revocations', 'otps', 'assets', 'subscriptions'] as const;

/**
 * One `Storage` from the parts of several adapters (say accounts in PostgreSQL and hot state in
 * Redis): later parts win per repository, and the result's `ping` and `dispose` run those of
 * every part (each function once, even when two parts share it). `ping` runs them in parallel
 * and fails when one fails; `dispose` runs every one, then rethrows the first failure. Throws
 * `TypeError` naming the first repository no part provides.
 *
 * @example
 * const storage = composeStorage(postgresStorage(pool), redisHotState(redis));
 */
export function composeStorage(...parts: StoragePart[]): Storage {
  const pick = <K extends (typeof REPOSITORIES)[number]>(name: K): Storage[K] => {
    for (let i = parts.length - 1; i >= 0; i -= 1) {
      const repository = parts[i]?.[name];
      if (typeof repository === 'object' && repository !== null) return repository as Storage[K];
    }
    throw new TypeError(`composeStorage: no part provides the "${name}" repository`);
  };
  const repositories = Object.fromEntries(REPOSITORIES.map((name) => [name, pick(name)])) as Pick<Storage, (typeof REPOSITORIES)[number]>;
  const pings = distinctHooks(parts, 'ping');
  const disposers = distinctHooks(parts, 'dispose');

  return {
    ...repositories,
    async ping() {
      await Promise.all(pings.map((run) => run()));
    },
    async dispose() {
      const results = await Promise.allSettled(disposers.map((run) => run()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

// --- internal ---

/** The hooks named `key`, each function once, bound to the part it came from. */
function distinctHooks(parts: StoragePart[], key: 'ping' | 'dispose'): Array<() => Promise<void>> {
  const seen = new Set<unknown>();
  const hooks: Array<() => Promise<void>> = [];
  for (const part of parts) {
    const hook = part?.[key];
    if (typeof hook !== 'function' || seen.has(hook)) continue;
    seen.add(hook);
    hooks.push(async () => hook.call(part));
  }
  return hooks;
}
