// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import { type OtpAttempt, type OtpAttemptResult, type OtpsRepository, sameText } from '@vaultkit/core';
import type { Db, Queryable } from './db.js';
import { toDate, toDateOrNull } from './internal.js';
import type { Tables } from './tables.js';

/**
 * One-time codes in `<prefix>otps`, one row per (purpose, subject). A row is kept until
 * `retain_until` or the end of its lock, whichever is later (judged at the `now` core passes;
 * `sweep` deletes the rest). `attempt` runs in a transaction that locks the row
 * (`SELECT … FOR UPDATE`), so concurrent attempts, from any process, are counted one at a time.
 *
 * @example
 * const otps = postgresOtps(createDb(pool), tables);
 * await otps.attempt({ purpose: 'login', subject, codeHash, maxAttempts: 5, lockUntil, now });
 */
export function postgresOtps(db: Db, t: Tables): OtpsRepository {
  return {
    async issue(otp) {
      // NIST SP 800-63B: a new code keeps the wrong-attempt count and any lock, unless the old
      // row had outlived its retention (then it counts as absent and starts from zero).
      await db.count(
        `INSERT INTO ${t.otps} AS o (purpose, subject, code_hash, expires_at, retain_until, attempts, locked_until)
         VALUES ($1, $2, $3, $4, $5, 0, NULL)
         ON CONFLICT (purpose, subject) DO UPDATE SET
           code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, retain_until = EXCLUDED.retain_until,
           attempts = CASE WHEN ${PRESENT('o', '$6')} THEN o.attempts ELSE 0 END,
           locked_until = CASE WHEN ${PRESENT('o', '$6')} THEN o.locked_until ELSE NULL END`,
        [otp.purpose, otp.subject, otp.codeHash, otp.expiresAt, otp.retainUntil, otp.now],
      );
    },

    attempt: (attempt) => db.transaction((tx) => decide(tx, t, attempt)),

    async delete(purpose, subject) {
      await db.count(`DELETE FROM ${t.otps} WHERE purpose = $1 AND subject = $2`, [purpose, subject]);
    },
  };
}

// --- internal ---

/** Whether row `alias` still exists at the time in parameter `now` (retention or lock ahead). */
const PRESENT = (alias: string, now: string): string => `GREATEST(${alias}.retain_until, ${alias}.locked_until) > ${now}`;

interface OtpRow {
  code_hash: string;
  expires_at: Date;
  attempts: number;
  locked_until: Date | null;
  present: boolean;
}

/** The OTP state machine, on a row locked for the rest of the transaction. */
async function decide(tx: Queryable, t: Tables, attempt: OtpAttempt): Promise<OtpAttemptResult> {
  const { now } = attempt;
  const key = [attempt.purpose, attempt.subject];
  const [row] = await tx.rows<OtpRow>(
    `SELECT code_hash, expires_at, attempts, locked_until, ${PRESENT('o', '$3')} AS present
     FROM ${t.otps} AS o WHERE purpose = $1 AND subject = $2 FOR UPDATE`,
    [...key, now],
  );
  if (!row || !row.present) {
    if (row) await tx.count(`DELETE FROM ${t.otps} WHERE purpose = $1 AND subject = $2`, key);
    return { status: 'missing' };
  }
  const lockedUntil = toDateOrNull(row.locked_until);
  if (lockedUntil !== null && lockedUntil.getTime() > now.getTime()) return { status: 'locked', until: lockedUntil };
  // An expired code is a wrong attempt, even when the hash matches.
  if (toDate(row.expires_at).getTime() > now.getTime() && sameText(row.code_hash, attempt.codeHash)) {
    await tx.count(`DELETE FROM ${t.otps} WHERE purpose = $1 AND subject = $2`, key); // single use; resets the count
    return { status: 'ok' };
  }
  // The count is not reset when a lock ends: the next wrong attempt locks again.
  const attempts = Number(row.attempts) + 1;
  const locks = attempts >= attempt.maxAttempts;
  await tx.count(
    `UPDATE ${t.otps} SET attempts = $3, locked_until = CASE WHEN $4 THEN $5 ELSE locked_until END
     WHERE purpose = $1 AND subject = $2`,
    [...key, attempts, locks, attempt.lockUntil],
  );
  return { status: 'invalid', attemptsLeft: locks ? 0 : attempt.maxAttempts - attempts };
}
