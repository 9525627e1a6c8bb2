// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import { batchLookups, type RevocationCheck, type RevocationsRepository } from '@vaultkit/core';
import type { Db } from './db.js';
import type { Tables } from './tables.js';

/**
 * Access-token state: live session ids in `<prefix>live_sessions` (a positive list) and
 * blacklisted token ids in `<prefix>revoked_tokens`, each row with its expiry. `isRevoked` is
 * on every authenticated request: one statement, two primary-key lookups per check, judged at the
 * `now` core passes, shared by the checks made while the previous statement ran (`batchLookups`).
 * Expired rows are ignored by the queries and deleted by `sweep`.
 *
 * @example
 * const revocations = postgresRevocations(createDb(pool), tables);
 * await revocations.isRevoked({ jti, sid }, new Date());
 */
export function postgresRevocations(db: Db, t: Tables): RevocationsRepository {
  const isRevokedStatement = t.statement('is_revoked');
  // Positive check for the session: no live row (never allowed, revoked, expired, or a restored
  // backup without it) counts as revoked. Per check, `EXISTS` probes on the primary keys (the
  // time condition keeps the planner from hashing whole tables, which churn with every login),
  // in the order asked. The arrays go through `(SELECT $n)` so that the planner cannot see their
  // length: seen, each batch size costs differently, no generic plan ever looks as cheap, and
  // PostgreSQL plans the statement again on every execution.
  const check = batchLookups(async (checks: readonly TimedCheck[]) => {
    const rows = await db.rows<{ revoked: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${t.revokedTokens} r WHERE r.jti = q.jti AND r.expires_at > q.at)
           OR NOT EXISTS (SELECT 1 FROM ${t.liveSessions} l WHERE l.sid = q.sid AND l.expires_at > q.at) AS revoked
         FROM unnest((SELECT $1::text[]), (SELECT $2::text[]), (SELECT $3::timestamptz[])) WITH ORDINALITY AS q(jti, sid, at, n)
        ORDER BY q.n`,
      [checks.map((c) => c.jti), checks.map((c) => c.sid), checks.map((c) => c.now)],
      isRevokedStatement,
    );
    return rows.map((row) => row.revoked !== false);
  }, CHECKS_IN_FLIGHT);

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

    isRevoked: ({ jti, sid }, now) => check({ jti, sid, now }),
  };
}

// --- internal ---

/**
 * One batch of checks at a time; the checks made meanwhile go together in the next. Each pool
 * connection is a PostgreSQL backend process: several woken at once for a few lookups each cost
 * the server more CPU per check than one answering them together, and the checks then hold at
 * most one of the app's connections, whatever the load.
 */
const CHECKS_IN_FLIGHT = { maxInFlight: 1 } as const;

/** One revocation check with the time it is judged at. */
interface TimedCheck extends RevocationCheck {
  now: Date;
}
