import type { OtpPurpose } from '../ports/storage.js';

export interface OtpService {
  /** Generates a code (crypto.randomInt, 6 digits), stores its HMAC, returns the code to mail. */
  issue(purpose: OtpPurpose, subject: string): Promise<string>;
  /**
   * Checks a code. Resolves on success (the code is consumed); throws `INVALID_CODE` (400) for a
   * wrong, expired, replaced or consumed code and `TOO_MANY_ATTEMPTS` (429, `retryAfter`) while
   * the flow is locked. A guess is counted even when no code was ever issued for (purpose,
   * subject), so the answers never tell whether one was.
   */
  verify(purpose: OtpPurpose, subject: string, code: string): Promise<void>;
}
