/*
 * @vaultkit/redis: driver errors become the port's `DependencyError`.
 *
 * Adapters import only @vaultkit/core's public entry points, never its files.
 */
import { DependencyError, VaultError } from '@vaultkit/core';

/** The name in the 503 message ("The session store is temporarily unavailable"). */
const DEPENDENCY = 'session store';

/**
 * Runs one Redis call; any ioredis error (refused connection, closed stream with the offline
 * queue off, timeout, `OOM` under `maxmemory`, a script error) leaves as a `DependencyError`
 * keeping the original as `cause`, so no raw driver error crosses the port.
 */
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw new DependencyError(DEPENDENCY, { cause: error });
  }
}
