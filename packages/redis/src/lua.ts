/*
 * @vaultkit/redis: Lua scripts run by SHA (EVALSHA), loaded on first use (EVAL).
 *
 * Scripts are run on the app's client without `defineCommand`, so the adapter adds no method to
 * a client it does not own.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  /** Runs the script atomically on the server; rejects with the driver's error. */
  run(client: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown>;
}

/**
 * A script sent by its SHA-1 and loaded with `EVAL` the first time a server answers
 * `NOSCRIPT` (after a restart or `SCRIPT FLUSH` too).
 *
 * @example
 * const incr = luaScript("return redis.call('INCR', KEYS[1])");
 * await incr.run(redis, ['counter'], []);
 */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(client, keys, args) {
      try {
        return await client.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return client.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}

// --- internal ---

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
