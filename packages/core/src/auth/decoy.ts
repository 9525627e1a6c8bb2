import type { VaultContext } from '../context.js';
import { hmac } from '../crypto/server-keys.js';

/**
 * The OTP subject that stands in for an address without an account (or one that cannot use the
 * flow: verified, banned). Codes are issued to it unmailed and guesses against it are counted
 * and locked like real ones, so no answer, attempt for attempt, tells whether the address has an
 * account. Keyed with a server secret: it cannot be computed from the address alone.
 *
 * @example
 * await ctx.otp.issue('reset-password', decoySubject(ctx, input.email));
 */
export function decoySubject(ctx: Pick<VaultContext, 'keys'>, email: string): string {
  return `decoy:${hmac(ctx.keys.otpKey, email.toLowerCase())}`;
}
