import type { VaultContext } from '../context.js';
import { ConflictError, RateLimitedError, VaultError } from '../errors/vault-error.js';
import { duplicateRegistrationMail, otpMail } from '../mail/templates.js';
import { removeUploadQuietly } from '../media/store-upload.js';
import type { MediaRef, UserRecord } from '../ports/storage.js';
import type { ClientMeta, SessionTokens } from '../tokens/types.js';
import { newUserRecord } from '../users/new-user.js';
import { decoySubject } from './decoy.js';
import type { RegisterInput } from './schemas.js';

export const REGISTER_MESSAGE = 'Check your inbox for a verification code';

/** An avatar uploaded with the registration form, to `userFolder(userId)` (see `registerWithAvatar`). */
export interface RegistrationAvatar {
  /** The id a new account gets, so that its folder is its own. */
  userId: string;
  ref: MediaRef;
}

export type RegisterResult = { kind: 'pending'; message: string } | { kind: 'session'; user: UserRecord; tokens: SessionTokens };

/**
 * Creates an account. While email verification is required, an address that already has an
 * account answers exactly like a new one and its owner gets a notice instead, so registration
 * reveals nothing; with verification off, a duplicate is a 409.
 */
export async function register(ctx: VaultContext, input: RegisterInput & { avatar?: RegistrationAvatar }, meta: ClientMeta): Promise<RegisterResult> {
  const { storage, config, clock } = ctx;
  const { avatar } = input;
  // An avatar that no account takes is removed in the background: the answer must not wait on
  // it, or its timing would tell an existing address from a new one.
  const dropAvatar = () => {
    if (avatar) void removeUploadQuietly(ctx, { publicId: avatar.ref.publicId, kind: 'image' });
  };
  await ctx.passwords.assertAcceptable(input.password);
  // Hash before any lookup: every branch pays the same bcrypt cost.
  const passwordHash = await ctx.passwords.hash(input.password);
  const existing = await storage.users.findByEmail(input.email);
  const holder = input.username ? await storage.users.findByUsername(input.username) : null;
  // Usernames are public: a taken one is a 409 (unless it is this very unverified account's).
  if (holder && !(holder.id === existing?.id && !holder.emailVerified)) throw new ConflictError('username');

  const verify = config.auth.requireEmailVerification;
  // The per-address mail limit may skip a mail, never change the answer (that would tell an
  // address that was just registered from a new one); the per-client register limit still applies.
  const mayMail = verify && (await mailAllowed(ctx, input.email));
  const now = new Date(clock.now());

  if (existing && !verify) throw new ConflictError('email');
  if (existing?.emailVerified) {
    dropAvatar();
    await ctx.otp.issue('verify-email', decoySubject(ctx, input.email));
    if (mayMail) ctx.mail.sendQuietly(duplicateRegistrationMail({ appName: config.appName, to: existing.email }));
    return { kind: 'pending', message: REGISTER_MESSAGE };
  }
  if (existing) {
    // An unverified account may have been pre-registered by someone else: whoever proves the
    // inbox gets the account with the password given now (no pre-hijacking).
    await storage.users.update(existing.id, {
      passwordHash,
      name: input.name ?? existing.name,
      username: input.username ?? existing.username,
      updatedAt: now,
    });
    // Nor the avatar of whoever registered the address first: this registration's, or none.
    if (avatar || existing.avatar) {
      const swapped = await storage.users.replaceMedia(existing.id, 'avatar', avatar?.ref ?? null, now);
      if (swapped?.previous) void removeUploadQuietly(ctx, { publicId: swapped.previous.publicId, kind: 'image' });
    }
    if (mayMail) await sendVerificationCode(ctx, existing);
    return { kind: 'pending', message: REGISTER_MESSAGE };
  }

  const fresh = newUserRecord({ email: input.email, passwordHash, role: 'user', emailVerified: !verify, username: input.username, name: input.name }, now);
  const user = avatar ? { ...fresh, id: avatar.userId, avatar: avatar.ref } : fresh;
  try {
    await storage.users.create(user);
  } catch (error) {
    // Lost a race with another registration of this address: answer like any duplicate.
    if (verify && error instanceof ConflictError && error.field === 'email') {
      dropAvatar();
      return { kind: 'pending', message: REGISTER_MESSAGE };
    }
    throw error;
  }
  ctx.events.emit('user.registered', { userId: user.id, email: user.email, ip: meta.ip });
  if (verify) {
    if (mayMail) await sendVerificationCode(ctx, user);
    return { kind: 'pending', message: REGISTER_MESSAGE };
  }
  const tokens = await ctx.tokens.issueSession(user, meta);
  return { kind: 'session', user, tokens };
}

/** Whether the per-address mail limit lets one more verification mail out (a refusal is not an error here). */
async function mailAllowed(ctx: VaultContext, email: string): Promise<boolean> {
  try {
    await ctx.limits.consumeMailQuota(email, 'verify-email');
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

/** Issues a verify-email code and mails it without letting a mailer failure show. */
export async function sendVerificationCode(ctx: VaultContext, user: UserRecord): Promise<void> {
  const code = await ctx.otp.issue('verify-email', user.id);
  ctx.mail.sendQuietly(otpMail({ appName: ctx.config.appName, to: user.email, purpose: 'verify-email', code, ttlMinutes: ctx.config.otp.ttlMs / 60_000 }));
  ctx.events.emit('otp.sent', { purpose: 'verify-email', userId: user.id });
}

/** Checks the verification code, activates the account and signs the user in. */
export async function verifyEmail(
  ctx: VaultContext,
  input: { email: string; code: string },
  meta: ClientMeta,
): Promise<{ user: UserRecord; tokens: SessionTokens }> {
  const user = await ctx.storage.users.findByEmail(input.email);
  if (!user || user.emailVerified) {
    // Guesses for unknown and already-verified addresses are counted and lock like real ones.
    await ctx.otp.verify('verify-email', decoySubject(ctx, input.email), input.code);
    throw new VaultError('INVALID_CODE');
  }
  await ctx.otp.verify('verify-email', user.id, input.code);
  if (user.banned) throw new VaultError('ACCOUNT_BANNED');
  const verified = await ctx.storage.users.update(user.id, { emailVerified: true, updatedAt: new Date(ctx.clock.now()) });
  if (!verified) throw new VaultError('INVALID_CODE');
  ctx.events.emit('user.verified', { userId: user.id });
  const tokens = await ctx.tokens.issueSession(verified, meta);
  ctx.events.emit('auth.login', { userId: user.id, sessionId: tokens.sessionId, ip: meta.ip, userAgent: meta.userAgent });
  return { user: verified, tokens };
}
