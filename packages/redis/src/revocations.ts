/*
 * @vaultkit/redis: the revocations repository (the hot path of every authenticated request).
 *
 * Adapters import only @vaultkit/core's public entry points, never its files.
 */
import { batchLookups, type RevocationCheck, type RevocationsRepository } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { guard } from './errors.js';
import { KEEP_AFTER_DEADLINE_MS, keepMs, type Keys } from './keys.js';
import { luaScript } from './lua.js';

/**
 * Access-token state in Redis: `<prefix>live:<sid>` marks a live session and
 * `<prefix>revoked:<jti>` a blacklisted token, each a string holding its deadline (ms) with a
 * TTL a minute past it. `isRevoked` is one `MGET` judged against the core's `now`, shared by the
 * checks of one event-loop turn (`batchLookups`); a Redis that is down makes it throw
 * `DependencyError` (the request is refused with 503), never answer "not revoked".
 *
 * @example
 * const revocations = redisRevocations(redis, keysFor('vaultkit:'));
 * await revocations.isRevoked({ jti, sid }, new Date());
 */
export function redisRevocations(client: Redis, keys: Keys): RevocationsRepository {
  const check = batchLookups((checks: readonly TimedCheck[]) =>
    guard(async () => {
      const values = await client.mget(checks.flatMap(({ jti, sid }) => [keys.revokedToken(jti), keys.liveSession(sid)]));
      return checks.map(({ at }, i) => {
        const revokedUntil = values[2 * i];
        const liveUntil = values[2 * i + 1];
        if (revokedUntil != null && Number(revokedUntil) > at) return true;
        // Positive check: no live mark (never allowed, revoked, expired or flushed) is revoked.
        return liveUntil == null || !(Number(liveUntil) > at);
      });
    }),
  );

  return {
    allowSession: (sid, expiresAt, now) =>
      guard(async () => {
        // The core's `now` only sizes the TTL; expiry itself is judged in `isRevoked`.
        await client.set(keys.liveSession(sid), String(expiresAt.getTime()), 'PX', keepMs(expiresAt, now));
      }),

    revokeSession: (sid) =>
      guard(async () => {
        await client.del(keys.liveSession(sid));
      }),

    revokeToken: (jti, expiresAt, now) =>
      guard(async () => {
        await revokeLonger.run(client, [keys.revokedToken(jti)], [expiresAt.getTime(), now.getTime(), KEEP_AFTER_DEADLINE_MS]);
      }),

    isRevoked: ({ jti, sid }, now) => check({ jti, sid, at: now.getTime() }),
  };
}

// --- internal ---

/** One revocation check with the time it is judged at (ms). */
interface TimedCheck extends RevocationCheck {
  at: number;
}

/**
 * KEYS: the token's key. ARGV: deadline (ms), the core's now (ms), margin (ms). Idempotent: a
 * second blacklisting never shortens the first.
 */
const revokeLonger = luaScript(`
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current and current > untilMs then untilMs = current end
local keep = math.max(0, untilMs - tonumber(ARGV[2])) + tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%d', untilMs), 'PX', string.format('%d', keep))
return 1
`);
