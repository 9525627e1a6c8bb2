import { sameText } from '../../crypto/same-text.js';
import type { OtpAttemptResult, OtpPurpose, OtpsRepository } from '../../ports/storage.js';
import { isPast, lazySweeper } from './internal.js';

interface Row {
  codeHash: string;
  expiresAt: number;
  retainUntil: number;
  /** Wrong attempts since the last success, across re-issues and locks. */
  attempts: number;
  lockedUntil: number | null;
}

/**
 * In-memory one-time codes, one record per (purpose, subject). `attempt` reads, compares and
 * writes in one synchronous step, so concurrent attempts are counted exactly. A record lives
 * until `retainUntil` or the end of its lock, whichever is later, judged at the `now` core passes.
 *
 * @example
 * const otps = memoryOtps();
 * const now = new Date();
 * await otps.issue({ purpose: 'login', subject, codeHash, expiresAt, retainUntil, now });
 * await otps.attempt({ purpose: 'login', subject, codeHash, maxAttempts: 5, lockUntil, now }); // { status: 'ok' }
 */
export function memoryOtps(): OtpsRepository {
  const rows = new Map<string, Row>();

  const vanishesAt = (row: Row): number => Math.max(row.retainUntil, row.lockedUntil ?? 0);

  const sweeper = lazySweeper((now) => {
    for (const [key, row] of rows) if (isPast(vanishesAt(row), now)) rows.delete(key);
  });

  /** The record of `key` unless it has outlived its retention at `now` (it is then left to the sweep). */
  const current = (key: string, now: Date): Row | undefined => {
    sweeper.seen(now);
    const row = rows.get(key);
    return row && !isPast(vanishesAt(row), now) ? row : undefined;
  };

  return {
    async issue(otp) {
      const key = keyOf(otp.purpose, otp.subject);
      const previous = current(key, otp.now);
      // NIST SP 800-63B: a new code keeps the wrong-attempt count and any lock.
      rows.set(key, {
        codeHash: otp.codeHash,
        expiresAt: otp.expiresAt.getTime(),
        retainUntil: otp.retainUntil.getTime(),
        attempts: previous?.attempts ?? 0,
        lockedUntil: previous?.lockedUntil ?? null,
      });
      sweeper.wrote(rows.size);
    },

    async attempt(attempt): Promise<OtpAttemptResult> {
      // No await in here: the check, the count and the lock are one synchronous step.
      const { now } = attempt;
      const key = keyOf(attempt.purpose, attempt.subject);
      const row = current(key, now);
      if (!row) return { status: 'missing' };
      if (row.lockedUntil !== null && !isPast(row.lockedUntil, now)) {
        return { status: 'locked', until: new Date(row.lockedUntil) };
      }
      // An expired code is a wrong attempt, even when the hash matches.
      if (!isPast(row.expiresAt, now) && sameText(row.codeHash, attempt.codeHash)) {
        rows.delete(key); // single use; success also resets the count
        return { status: 'ok' };
      }
      // The count is not reset when a lock ends: the next wrong attempt locks again.
      row.attempts += 1;
      if (row.attempts >= attempt.maxAttempts) {
        row.lockedUntil = attempt.lockUntil.getTime();
        return { status: 'invalid', attemptsLeft: 0 };
      }
      return { status: 'invalid', attemptsLeft: attempt.maxAttempts - row.attempts };
    },

    async delete(purpose, subject) {
      rows.delete(keyOf(purpose, subject));
    },
  };
}

// --- internal ---

function keyOf(purpose: OtpPurpose, subject: string): string {
  return `${purpose}\u0000${subject}`;
}
