import type { RateLimitBucket } from '../config/options.js';

/** The state of one bucket for one client after a request counted. */
export interface LimitState {
  limit: number;
  /** Requests left in the window, counting the current one. */
  remaining: number;
  /** When the window resets, ms since the epoch. */
  resetAt: number;
  /** Window length in seconds (for the IETF `RateLimit-Policy` header). */
  windowSeconds: number;
}

/** A reserved password check (see `RateLimits.reserveLoginAttempt`). */
export interface LoginAttempt {
  accountKey: string;
  /** 1-based position in the lock window; `0` when the lock is disabled. */
  number: number;
}

export interface RateLimits {
  /**
   * Counts one request of `clientKey` in `bucket`. Resolves with the state (for the headers),
   * `null` when the bucket is disabled; throws `RateLimitedError` when over budget and
   * `DependencyError` when the limiter store is down.
   */
  consume(bucket: RateLimitBucket, clientKey: string): Promise<LimitState | null>;
  /**
   * Reserves one password check for an account *before* the hash runs, so that however many
   * attempts arrive at once, at most `maxFailures` passwords are checked per lock window.
   * Throws `ACCOUNT_LOCKED` when the window's checks are used up or the account is locked.
   */
  reserveLoginAttempt(accountKey: string): Promise<LoginAttempt>;
  /** After a wrong password: the attempt that used the last check starts the full lock. */
  recordLoginFailure(attempt: LoginAttempt): Promise<void>;
  /** After a right password: the count starts again from zero. */
  clearLoginFailures(accountKey: string): Promise<void>;
  /**
   * Counts one OTP/reset mail of a purpose to an address: a cooldown between two mails and a
   * budget per hour, the same for addresses with and without an account. Throws
   * `RateLimitedError` when refused.
   */
  consumeMailQuota(address: string, purpose: 'verify-email' | 'login' | 'reset-password'): Promise<void>;
}
