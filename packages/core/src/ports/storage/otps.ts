/* The one-time codes repository (general rules in ../storage.ts). */

export type OtpPurpose = 'verify-email' | 'login' | 'reset-password' | 'reset-token';

export interface OtpIssue {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  /** The code answers `ok` only before this instant. */
  expiresAt: Date;
  /**
   * How long the record (and its attempt count) is kept, at least until `expiresAt`. The record
   * vanishes at `retainUntil` or at the end of its lock, whichever is later.
   */
  retainUntil: Date;
  /** Core's current time: decides whether the previous record still exists (and its count and lock carry over). */
  now: Date;
}

export interface OtpAttempt {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  /** Wrong attempts allowed before the flow locks (5 by default). */
  maxAttempts: number;
  /** When the lock ends, should this attempt set it (absolute; core passes `now` + lock duration). */
  lockUntil: Date;
  /** Core's current time: decides whether the record exists, the code has expired and a lock still holds. */
  now: Date;
}

export type OtpAttemptResult =
  | { status: 'ok' }
  | { status: 'invalid'; attemptsLeft: number }
  | { status: 'locked'; until: Date }
  | { status: 'missing' };

/**
 * One-time codes: one record per (purpose, subject) holding the active code's hash, its
 * `expiresAt`, `retainUntil`, the wrong-attempt count and the lock end (`lockedUntil`, none at
 * first). Purposes of one subject are independent records.
 *
 * A record **exists** at `now` while `now` is before `max(retainUntil, lockedUntil)`; past that
 * it is gone with its count (purge it or ignore it). `attempt` is one atomic step that, at `now`:
 * 1. no record → `missing` (never issued, consumed by an `ok`, deleted, or past retention);
 * 2. `lockedUntil` after `now` → `locked` with `until: lockedUntil` (nothing changes);
 * 3. the code is unexpired (`expiresAt` after `now`) and `codeHash` matches → delete the record
 *    (single use; this also resets the count) → `ok`;
 * 4. otherwise (wrong code, or the right code after `expiresAt`, which never answers `ok`):
 *    count one wrong attempt; when the count reaches `maxAttempts` set `lockedUntil` to
 *    `lockUntil` and answer `invalid` with `attemptsLeft: 0` (that last allowed attempt is not
 *    itself `locked`); below it answer `invalid` with `attemptsLeft: maxAttempts - count`.
 *
 * The count is not reset when a lock ends: the first wrong attempt after it locks again
 * (`attemptsLeft: 0`). Only `ok`, `delete` or the record vanishing reset it. Under N concurrent
 * wrong attempts with `maxAttempts: 5`, exactly five answer `invalid` (4, 3, 2, 1, 0 left) and
 * the rest `locked`; under N concurrent right attempts exactly one answers `ok`.
 */
export interface OtpsRepository {
  /**
   * Stores the one active code of (purpose, subject), replacing any previous code and its
   * `expiresAt` and `retainUntil`. When a record exists at `otp.now`, its wrong-attempt count
   * and lock are kept (NIST SP 800-63B: a new code does not reset them); otherwise they start
   * at 0 and none. Atomic with respect to `attempt`.
   */
  issue(otp: OtpIssue): Promise<void>;
  /** One atomic step of the state machine above. */
  attempt(attempt: OtpAttempt): Promise<OtpAttemptResult>;
  /** Removes the record of (purpose, subject), code, count and lock. Idempotent. */
  delete(purpose: OtpPurpose, subject: string): Promise<void>;
}
