import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import { loginNotificationMail, otpMail } from '../mail/templates.js';
import type { UserRecord } from '../ports/storage.js';
import type { LoginAttempt } from '../rate-limit/types.js';
import type { ClientMeta, SessionTokens } from '../tokens/types.js';
import { createChallengeId, openChallengeId } from './login-challenge.js';
import type { LoginInput } from './schemas.js';

export type LoginResult =
  | { kind: 'session'; user: UserRecord; tokens: SessionTokens }
  | { kind: 'challenge'; challengeId: string; challenge: 'email-otp' };

/** Finds the account an identifier names: an email when it contains `@`, else a username. */
export function findByIdentifier(ctx: VaultContext, identifier: string): Promise<UserRecord | null> {
  return identifier.includes('@') ? ctx.storage.users.findByEmail(identifier) : ctx.storage.users.findByUsername(identifier.toLowerCase());
}

/**
 * Checks the password; answers with a session, or with a challenge when the email step applies
 * (`auth.twoFactor`). Unknown accounts cost a dummy bcrypt compare, the same as a wrong password.
 */
export async function login(ctx: VaultContext, input: LoginInput, meta: ClientMeta): Promise<LoginResult> {
  const user = await findByIdentifier(ctx, input.identifier);
  // Lock per account (not per spelling of it); unknown identifiers are locked the same way.
  const lockKey = user ? `u:${user.id}` : `i:${input.identifier.toLowerCase()}`;
  let attempt: LoginAttempt;
  try {
    // Reserved before the hash, so a burst of parallel guesses cannot all be checked (#9).
    attempt = await ctx.limits.reserveLoginAttempt(lockKey);
  } catch (error) {
    ctx.events.emit('auth.failed', { identifier: input.identifier, reason: 'locked', ip: meta.ip });
    throw error;
  }

  const check = user ? await ctx.passwords.verify(input.password, user.passwordHash) : await ctx.passwords.verifyDummy(input.password).then(() => null);
  if (!user || !check?.ok) {
    await ctx.limits.recordLoginFailure(attempt);
    ctx.events.emit('auth.failed', { identifier: input.identifier, reason: 'invalid_credentials', ip: meta.ip });
    throw new VaultError('INVALID_CREDENTIALS');
  }
  await ctx.limits.clearLoginFailures(lockKey);
  if (check.needsRehash) {
    await ctx.storage.users.update(user.id, { passwordHash: await ctx.passwords.hash(input.password) });
  }
  // Only someone who knows the password learns that the account is banned or unverified.
  if (user.banned) {
    ctx.events.emit('auth.failed', { identifier: input.identifier, reason: 'banned', ip: meta.ip });
    throw new VaultError('ACCOUNT_BANNED');
  }
  if (!user.emailVerified && ctx.config.auth.requireEmailVerification) {
    ctx.events.emit('auth.failed', { identifier: input.identifier, reason: 'unverified', ip: meta.ip });
    throw new VaultError('EMAIL_NOT_VERIFIED');
  }

  const policy = ctx.config.auth.twoFactor;
  if (policy === 'required' || (policy === 'optional' && user.twoFactorEnabled)) {
    await sendLoginCode(ctx, user, 'now');
    ctx.events.emit('auth.challenge', { userId: user.id, ip: meta.ip });
    return { kind: 'challenge', challengeId: createChallengeId(ctx, user), challenge: 'email-otp' };
  }
  // `user` is the copy read before the hash: the session is refused if anything changed since.
  return { kind: 'session', user, tokens: await startSession(ctx, user, meta) };
}

/** Finishes a login that was answered with a challenge. */
export async function verifyLogin(
  ctx: VaultContext,
  input: { challengeId: string; code: string },
  meta: ClientMeta,
): Promise<{ user: UserRecord; tokens: SessionTokens }> {
  const challenge = openChallengeId(ctx, input.challengeId);
  if (!challenge) throw new VaultError('INVALID_CHALLENGE');
  await ctx.otp.verify('login', challenge.userId, input.code);
  const user = await ctx.storage.users.findById(challenge.userId);
  // A password change, reset or sign-out of every session since the password was checked voids the challenge.
  if (!user || user.credentialVersion !== challenge.credentialVersion) throw new VaultError('INVALID_CHALLENGE');
  if (user.banned) throw new VaultError('ACCOUNT_BANNED');
  return { user, tokens: await startSession(ctx, user, meta) };
}

/** Mails a login code; `now` surfaces a mailer failure (the caller already proved the password). */
export async function sendLoginCode(ctx: VaultContext, user: UserRecord, mode: 'now' | 'quietly'): Promise<void> {
  await ctx.limits.consumeMailQuota(user.email, 'login');
  const code = await ctx.otp.issue('login', user.id);
  const message = otpMail({ appName: ctx.config.appName, to: user.email, purpose: 'login', code, ttlMinutes: ctx.config.otp.ttlMs / 60_000 });
  if (mode === 'now') await ctx.mail.sendNow(message);
  else ctx.mail.sendQuietly(message);
  ctx.events.emit('otp.sent', { purpose: 'login', userId: user.id });
}

async function startSession(ctx: VaultContext, user: UserRecord, meta: ClientMeta): Promise<SessionTokens> {
  const tokens = await ctx.tokens.issueSession(user, meta);
  ctx.events.emit('auth.login', { userId: user.id, sessionId: tokens.sessionId, ip: meta.ip, userAgent: meta.userAgent });
  if (ctx.config.auth.loginNotification) {
    ctx.mail.sendQuietly(
      loginNotificationMail({ appName: ctx.config.appName, to: user.email, at: new Date(ctx.clock.now()), ip: meta.ip, userAgent: meta.userAgent }),
    );
  }
  return tokens;
}
