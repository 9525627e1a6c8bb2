// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { RevocationsRepository } from '@vaultkit/core';
import type { Db } from './db.js';
import type { Tables } from './tables.js';

/**
 * Access-token state: live session ids in `<prefix>live_sessions` (a positive list) and
 * blacklisted token ids in `<prefix>revoked_tokens`, each row with its expiry. `isRevoked` is
 * on every authenticated request: one statement, two primary-key lookups, judged at the `now`
 * core passes. Expired rows are ignored by the queries and deleted by `sweep`.
 *
 * @example
 * const revocations = postgresRevocations(createDb(pool), tables);
 * await revocations.isRevoked({ jti, sid }, new Date());
 */
export function postgresRevocations(db: Db, t: Tables): RevocationsRepository {
  const isRevokedStatement = t.statement('is_revoked');
  return {
    async allowSession(sid, expiresAt) {
      // Set, not max: the live mark follows the session's latest expiry, as in the memory adapter.
      await db.count(
        `INSERT INTO ${t.liveSessions} (sid, expires_at) VALUES ($1, $2)
         ON CONFLICT (sid) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
        [sid, expiresAt],
      );
    },

    async revokeSession(sid) {
      await db.count(`DELETE FROM ${t.liveSessions} WHERE sid = $1`, [sid]);
    },

    async revokeToken(jti, expiresAt) {
      // Idempotent, and a second call never shortens an existing blacklisting.
      await db.count(
        `INSERT INTO ${t.revokedTokens} AS r (jti, expires_at) VALUES ($1, $2)
         ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(r.expires_at, EXCLUDED.expires_at)`,
        [jti, expiresAt],
      );
    },

    async isRevoked({ jti, sid }, now) {
      // Positive check for the session: no live row (never allowed, revoked, expired, or a
      // restored backup without it) counts as revoked.
      const [row] = await db.rows<{ revoked: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${t.revokedTokens} WHERE jti = $1 AND expires_at > $3)
             OR NOT EXISTS (SELECT 1 FROM ${t.liveSessions} WHERE sid = $2 AND expires_at > $3) AS revoked`,
        [jti, sid, now],
        isRevokedStatement,
      );
      return row?.revoked !== false;
    },
  };
}
