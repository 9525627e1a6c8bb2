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

export interface RateLimits {
  /**
   * Counts one request of `clientKey` in `bucket`. Resolves with the state (for the headers),
   * `null` when the bucket is disabled; throws `RateLimitedError` when over budget and
   * `DependencyError` when the limiter store is down.
   */
  consume(bucket: RateLimitBucket, clientKey: string): Promise<LimitState | null>;
  /** Throws `ACCOUNT_LOCKED` while the identifier has too many consecutive login failures. */
  assertLoginAllowed(identifier: string): Promise<void>;
  recordLoginFailure(identifier: string): Promise<void>;
  clearLoginFailures(identifier: string): Promise<void>;
  /**
   * Counts one OTP/reset mail of a purpose to an address: a cooldown between two mails and a
   * budget per hour, the same for addresses with and without an account. Throws
   * `RateLimitedError` when refused.
   */
  consumeMailQuota(address: string, purpose: 'verify-email' | 'login' | 'reset-password'): Promise<void>;
}
