import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import { passwordChangedMail } from '../mail/templates.js';
import type { UserRecord } from '../ports/storage.js';
import type { AccessClaims, ClientMeta, SessionTokens } from '../tokens/types.js';

/** The signed-in side of a call: whose account, which session, and (over HTTP) the token's claims. */
export interface SignedIn {
  userId: string;
  sessionId: string;
  claims?: AccessClaims | undefined;
}

/** Loads the caller's account; a token of a deleted account is not authenticated. */
export async function currentUser(ctx: VaultContext, auth: SignedIn): Promise<UserRecord> {
  const user = await ctx.storage.users.findById(auth.userId);
  if (!user) throw new VaultError('INVALID_TOKEN');
  return user;
}

/** Checks the caller's password for a sensitive change (400 on the field, not a 401 sign-out). */
export async function confirmPassword(ctx: VaultContext, user: UserRecord, input: { password: string; field: string }): Promise<void> {
  const { password, field } = input;
  const check = await ctx.passwords.verify(password, user.passwordHash);
  if (!check.ok) throw new VaultError('VALIDATION_FAILED', { details: [{ path: field, message: 'is incorrect' }] });
}

/**
 * Changes the password, signs every other session out and gives the caller a fresh pair (a new
 * session: the old access token stops working at once).
 */
export async function changePassword(
  ctx: VaultContext,
  auth: SignedIn,
  input: { currentPassword: string; newPassword: string; meta: ClientMeta },
): Promise<{ user: UserRecord; tokens: SessionTokens }> {
  const { meta } = input;
  const user = await currentUser(ctx, auth);
  await confirmPassword(ctx, user, { password: input.currentPassword, field: 'currentPassword' });
  await ctx.passwords.assertAcceptable(input.newPassword, 'newPassword');
  const now = new Date(ctx.clock.now());
  const updated = await ctx.storage.users.update(user.id, { passwordHash: await ctx.passwords.hash(input.newPassword), updatedAt: now });
  if (!updated) throw new VaultError('INVALID_TOKEN');
  await ctx.tokens.revokeSession({ userId: user.id, sessionId: auth.sessionId, reason: 'password_changed', claims: auth.claims });
  await ctx.tokens.revokeAllSessions({ userId: user.id, reason: 'password_changed' });
  // The new session is created under the version the revocation just bumped.
  const current = await currentUser(ctx, auth);
  const tokens = await ctx.tokens.issueSession(current, meta);
  ctx.mail.sendQuietly(passwordChangedMail({ appName: ctx.config.appName, to: user.email, at: now }));
  ctx.events.emit('password.changed', { userId: user.id, via: 'change' });
  return { user: current, tokens };
}

/** Turns the email step on or off for the caller (only under the `optional` policy). */
export async function setTwoFactor(ctx: VaultContext, auth: SignedIn, input: { enabled: boolean; password: string }): Promise<UserRecord> {
  if (ctx.config.auth.twoFactor !== 'optional') {
    throw new VaultError('FORBIDDEN', { message: `The email verification step is fixed by the server policy (${ctx.config.auth.twoFactor})` });
  }
  const user = await currentUser(ctx, auth);
  await confirmPassword(ctx, user, { password: input.password, field: 'password' });
  const updated = await ctx.storage.users.update(user.id, { twoFactorEnabled: input.enabled, updatedAt: new Date(ctx.clock.now()) });
  if (!updated) throw new VaultError('INVALID_TOKEN');
  ctx.events.emit('two_factor.changed', { userId: user.id, enabled: input.enabled });
  return updated;
}

/** Ends the caller's session; its access token is refused at once. */
export async function logout(ctx: VaultContext, auth: SignedIn): Promise<void> {
  await ctx.tokens.revokeSession({ userId: auth.userId, sessionId: auth.sessionId, reason: 'logout', claims: auth.claims });
  ctx.events.emit('auth.logout', { userId: auth.userId, sessionId: auth.sessionId, all: false });
}

/** Ends every session of the caller. */
export async function logoutAll(ctx: VaultContext, auth: SignedIn): Promise<number> {
  await ctx.tokens.revokeSession({ userId: auth.userId, sessionId: auth.sessionId, reason: 'logout_all', claims: auth.claims });
  const others = await ctx.tokens.revokeAllSessions({ userId: auth.userId, reason: 'logout_all' });
  ctx.events.emit('auth.logout', { userId: auth.userId, sessionId: auth.sessionId, all: true });
  return others + 1;
}
