import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import { decoySubject } from './decoy.js';
import { openChallengeId } from './login-challenge.js';
import { sendLoginCode } from './login.js';
import { sendResetCode } from './password-reset.js';
import { sendVerificationCode } from './register.js';
import type { ResendOtpInput } from './schemas.js';

export const RESEND_MESSAGE = 'If a code can be sent, it is on its way';

/**
 * Sends a new code, replacing the active one (the wrong-attempt count is kept). Addresses with
 * and without an account answer the same and share the same per-address cooldown and budget.
 */
export async function resendOtp(ctx: VaultContext, input: ResendOtpInput): Promise<{ message: string }> {
  if (input.purpose === 'login') {
    const challenge = openChallengeId(ctx, input.challengeId);
    const user = challenge ? await ctx.storage.users.findById(challenge.userId) : null;
    if (!user || user.banned || user.credentialVersion !== challenge?.credentialVersion) throw new VaultError('INVALID_CHALLENGE');
    await sendLoginCode(ctx, user, 'quietly');
    return { message: RESEND_MESSAGE };
  }
  await ctx.limits.consumeMailQuota(input.email, input.purpose);
  const user = await ctx.storage.users.findByEmail(input.email);
  if (input.purpose === 'verify-email' && user && !user.emailVerified) await sendVerificationCode(ctx, user);
  else if (input.purpose === 'reset-password' && user && !user.banned) await sendResetCode(ctx, user);
  // Addresses the flow does not apply to get an unmailed decoy code: the same work, the same answers.
  else await ctx.otp.issue(input.purpose, decoySubject(ctx, input.email));
  return { message: RESEND_MESSAGE };
}
