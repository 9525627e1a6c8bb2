import type { VaultContext } from '../context.js';
import { hmac } from '../crypto/server-keys.js';
import { randomToken } from '../crypto/random.js';
import { open, seal } from '../crypto/sealed-box.js';
import { VaultError } from '../errors/vault-error.js';
import { decoySubject } from './decoy.js';
import { otpMail, passwordChangedMail } from '../mail/templates.js';
import type { UserRecord } from '../ports/storage.js';
import type { ClientMeta } from '../tokens/types.js';

export const FORGOT_MESSAGE = 'If an account exists for this address, a code is on its way';

interface ResetTokenBody {
  uid: string;
  nonce: string;
}

/** Always answers the same, whether or not the address has an account. */
export async function forgotPassword(ctx: VaultContext, input: { email: string }, meta: ClientMeta): Promise<{ message: string }> {
  await ctx.limits.consumeMailQuota(input.email, 'reset-password');
  ctx.events.emit('password.reset_requested', { email: input.email, ip: meta.ip });
  const user = await ctx.storage.users.findByEmail(input.email);
  if (user && !user.banned) await sendResetCode(ctx, user);
  // An unmailed decoy code: wrong guesses for an unknown address lock the same way (no oracle).
  else await ctx.otp.issue('reset-password', decoySubject(ctx, input.email));
  return { message: FORGOT_MESSAGE };
}

export async function sendResetCode(ctx: VaultContext, user: UserRecord): Promise<void> {
  const code = await ctx.otp.issue('reset-password', user.id);
  ctx.mail.sendQuietly(otpMail({ appName: ctx.config.appName, to: user.email, purpose: 'reset-password', code, ttlMinutes: ctx.config.otp.ttlMs / 60_000 }));
  ctx.events.emit('otp.sent', { purpose: 'reset-password', userId: user.id });
}

/** Trades a valid reset code for a one-time reset token (10 minutes by default). */
export async function verifyResetCode(ctx: VaultContext, input: { email: string; code: string }): Promise<{ resetToken: string }> {
  const user = await ctx.storage.users.findByEmail(input.email);
  if (!user || user.banned) {
    await ctx.otp.verify('reset-password', decoySubject(ctx, input.email), input.code);
    throw new VaultError('INVALID_CODE');
  }
  await ctx.otp.verify('reset-password', user.id, input.code);
  const nonce = randomToken(32);
  const now = ctx.clock.now();
  const expiresAt = new Date(now + ctx.config.auth.resetTokenTtlMs);
  await ctx.storage.otps.issue({ purpose: 'reset-token', subject: user.id, codeHash: resetHash(ctx, user.id, nonce), expiresAt, retainUntil: expiresAt, now: new Date(now) });
  return { resetToken: seal(ctx.keys.sealKey, 'reset-token', { uid: user.id, nonce } satisfies ResetTokenBody) };
}

/** Sets a new password with a reset token (single use) and signs every session out. */
export async function resetPassword(ctx: VaultContext, input: { resetToken: string; newPassword: string }): Promise<{ message: string }> {
  const body = open<ResetTokenBody>(ctx.keys.sealKey, 'reset-token', input.resetToken);
  if (!body || typeof body.uid !== 'string' || typeof body.nonce !== 'string') throw new VaultError('INVALID_RESET_TOKEN');
  // The policy is checked before the token is spent, so a refused password can be retried.
  await ctx.passwords.assertAcceptable(input.newPassword, 'newPassword');
  const now = new Date(ctx.clock.now());
  const result = await ctx.storage.otps.attempt({
    purpose: 'reset-token',
    subject: body.uid,
    codeHash: resetHash(ctx, body.uid, body.nonce),
    maxAttempts: ctx.config.otp.maxAttempts,
    lockUntil: new Date(now.getTime() + ctx.config.otp.lockMs),
    now,
  });
  if (result.status !== 'ok') throw new VaultError('INVALID_RESET_TOKEN');
  // Proving the inbox also verifies the address.
  const user = await ctx.storage.users.update(body.uid, { passwordHash: await ctx.passwords.hash(input.newPassword), emailVerified: true, updatedAt: now });
  if (!user) throw new VaultError('INVALID_RESET_TOKEN');
  await ctx.tokens.revokeAllSessions({ userId: user.id, reason: 'password_reset' });
  await ctx.limits.clearLoginFailures(`u:${user.id}`);
  ctx.mail.sendQuietly(passwordChangedMail({ appName: ctx.config.appName, to: user.email, at: now }));
  ctx.events.emit('password.changed', { userId: user.id, via: 'reset' });
  return { message: 'Your password has been reset; please log in' };
}

function resetHash(ctx: VaultContext, userId: string, nonce: string): string {
  return hmac(ctx.keys.otpKey, `reset-token:${userId}:${nonce}`);
}
