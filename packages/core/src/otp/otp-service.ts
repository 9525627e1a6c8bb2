import { randomInt } from 'node:crypto';
import type { VaultContext } from '../context.js';
import { randomToken } from '../crypto/random.js';
import { hmac } from '../crypto/server-keys.js';
import { RateLimitedError, VaultError } from '../errors/index.js';
import type { OtpAttempt, OtpPurpose } from '../ports/storage.js';
import type { OtpService } from './types.js';

const CODE = /^\d{6}$/;
/** Kept after the code and lock have both ended, so the attempt count outlives a code's expiry. */
const RETAIN_EXTRA_MS = 24 * 3_600_000;

/**
 * Email one-time codes (DESIGN §5): 6 digits from `crypto.randomInt`, stored only as an HMAC
 * bound to (purpose, subject), single use, one active code per (purpose, subject). Wrong
 * attempts are counted atomically by the storage port across resends (NIST SP 800-63B: a new
 * code does not reset the count) and lock the flow for `otp.lockMs` after `otp.maxAttempts`. Time is the vault clock's,
 * passed to the port (`now`, absolute `lockUntil`): the storage needs no clock of its own.
 *
 * @example
 * const otp = createOtpService(ctx);
 * const code = await otp.issue('verify-email', user.id); // mail it
 * await otp.verify('verify-email', user.id, input.code);  // throws INVALID_CODE / TOO_MANY_ATTEMPTS
 */
export function createOtpService(ctx: Pick<VaultContext, 'config' | 'clock' | 'storage' | 'keys'>): OtpService {
  const { ttlMs, maxAttempts, lockMs } = ctx.config.otp;
  const hashOf = (purpose: OtpPurpose, subject: string, code: string): string =>
    hmac(ctx.keys.otpKey, `${purpose}:${subject}:${code}`);
  const lifetimes = (now: number) => ({
    expiresAt: new Date(now + ttlMs),
    retainUntil: new Date(now + Math.max(ttlMs, lockMs) + RETAIN_EXTRA_MS),
    now: new Date(now),
  });
  /** One guess at the code, at the vault clock's `now`: a lock it sets lasts `lockMs`. */
  const attemptAt = (now: number, guess: Pick<OtpAttempt, 'purpose' | 'subject' | 'codeHash'>): OtpAttempt => ({
    ...guess,
    maxAttempts,
    lockUntil: new Date(now + lockMs),
    now: new Date(now),
  });

  return {
    async issue(purpose, subject) {
      const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
      await ctx.storage.otps.issue({
        purpose,
        subject,
        codeHash: hashOf(purpose, subject, code),
        ...lifetimes(ctx.clock.now()),
      });
      return code;
    },

    async verify(purpose, subject, code) {
      // Malformed input is still an attempt (counted), but hashes to a value no issued code can
      // have: issued codes always end in exactly six digits.
      const candidate = typeof code === 'string' && CODE.test(code) ? code : '!malformed';
      const attempt = attemptAt(ctx.clock.now(), { purpose, subject, codeHash: hashOf(purpose, subject, candidate) });
      let result = await ctx.storage.otps.attempt(attempt);
      if (result.status === 'missing') {
        // No code to check: count the guess anyway, against a placeholder no code can match, so
        // that wrong guesses lock every (purpose, subject) the same way whether or not a code
        // was ever issued for it: no account oracle from the answers (#9).
        await ctx.storage.otps.issue({ purpose, subject, codeHash: randomToken(32), ...lifetimes(ctx.clock.now()) });
        result = await ctx.storage.otps.attempt(attempt);
      }
      switch (result.status) {
        case 'ok':
          return;
        case 'invalid':
          if (result.attemptsLeft > 0) throw new VaultError('INVALID_CODE');
          // This attempt used the last try and locked the flow.
          throw new RateLimitedError(lockMs / 1000, { code: 'TOO_MANY_ATTEMPTS' });
        case 'locked':
          throw new RateLimitedError((result.until.getTime() - ctx.clock.now()) / 1000, { code: 'TOO_MANY_ATTEMPTS' });
        case 'missing':
          throw new VaultError('INVALID_CODE');
      }
    },

  };
}
