// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { Db } from './db.js';
import type { Tables } from './tables.js';

/** How many expired rows one `sweep` deleted, per table. */
export interface SweepResult {
  sessions: number;
  liveSessions: number;
  revokedTokens: number;
  otps: number;
}

/**
 * Deletes the rows no query can see any more at `now`: sessions past either expiry, live marks
 * and blacklisted token ids past theirs, OTP rows past both their retention and their lock.
 * Expiry never depends on it (every read filters by `now`); it only keeps the tables small.
 * Deletes run in batches of `batchSize` rows (each batch its own short statement), so a first
 * sweep over a large backlog does not hold locks for long. Safe to run from several processes.
 */
export async function sweepExpired(db: Db, t: Tables, input: { now: Date; batchSize: number }): Promise<SweepResult> {
  const { now, batchSize } = input;
  /** Deletes the rows of `table` matching `expired` (which may use `$1`, the time) in batches. */
  const drain = async (table: string, expired: string): Promise<number> => {
    let total = 0;
    for (;;) {
      // ctid = ANY(ARRAY(...)): a TID scan over one batch of the rows the expiry index finds.
      const n = await db.count(
        `DELETE FROM ${table} WHERE ctid = ANY (ARRAY (SELECT ctid FROM ${table} WHERE ${expired} LIMIT $2))`,
        [now, batchSize],
      );
      total += n;
      if (n < batchSize) return total;
    }
  };
  return {
    // The same expressions as the expiry indexes of the first migration, so they are used.
    sessions: await drain(t.sessions, 'LEAST(expires_at, absolute_expires_at) <= $1'),
    liveSessions: await drain(t.liveSessions, 'expires_at <= $1'),
    revokedTokens: await drain(t.revokedTokens, 'expires_at <= $1'),
    otps: await drain(t.otps, 'GREATEST(retain_until, locked_until) <= $1'),
  };
}
