import type { Storage } from '../ports/storage.js';

/** One adapter's lifecycle hooks, as returned by its factory. */
export type StorageLifecycle = Pick<Storage, 'ping' | 'dispose'>;

/** The repositories (usually spread from several adapters) plus the adapters themselves. */
export interface ComposeStorageInput extends Storage {
  /**
   * Every adapter the repositories come from. Spreading several adapters keeps only the last
   * one's `ping`/`dispose`, so list them here to have each one pinged and disposed.
   * @default []
   */
  adapters?: StorageLifecycle[];
}

const REPOSITORIES = ['users', 'sessions', 'revocations', 'otps', 'assets', 'subscriptions'] as const;

/**
 * Builds one `Storage` from repositories of several adapters (say accounts in PostgreSQL and
 * hot state in Redis). Throws `TypeError` naming the first missing repository. The result's
 * `ping` and `dispose` call those of every distinct adapter once (the top-level ones and those
 * in `adapters`; a hook reached twice, e.g. through the spread and the list, runs once). `ping`
 * runs them in parallel and fails when one fails; `dispose` runs every one, then rethrows the
 * first failure.
 *
 * @example
 * const db = postgresStorage(pool);
 * const hot = redisHotState(redis);
 * const storage = composeStorage({ ...db, ...hot, adapters: [db, hot] });
 */
export function composeStorage(parts: ComposeStorageInput): Storage {
  for (const name of REPOSITORIES) {
    const repository: unknown = parts[name];
    if (typeof repository !== 'object' || repository === null) {
      throw new TypeError(`composeStorage: the "${name}" repository is missing`);
    }
  }
  const owners: StorageLifecycle[] = [parts, ...(parts.adapters ?? [])];
  const pings = distinctHooks(owners, 'ping');
  const disposers = distinctHooks(owners, 'dispose');

  return {
    users: parts.users,
    sessions: parts.sessions,
    revocations: parts.revocations,
    otps: parts.otps,
    assets: parts.assets,
    subscriptions: parts.subscriptions,
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

/** The hooks named `key`, each function once, bound to the object it came from. */
function distinctHooks(owners: StorageLifecycle[], key: 'ping' | 'dispose'): Array<() => Promise<void>> {
  const seen = new Set<unknown>();
  const hooks: Array<() => Promise<void>> = [];
  for (const owner of owners) {
    const hook = owner[key];
    if (typeof hook !== 'function' || seen.has(hook)) continue;
    seen.add(hook);
    hooks.push(async () => hook.call(owner));
  }
  return hooks;
}
