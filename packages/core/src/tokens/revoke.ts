import { VaultError } from '../errors/vault-error.js';
import type { SessionRevokeReason } from '../events/types.js';
import type { UserRecord } from '../ports/storage.js';
import type { TokenContext } from './session-pair.js';
import type { AccessClaims } from './types.js';

/**
 * Ends one session everywhere: the record (no more refresh) and its live mark (its access tokens
 * stop at once). Emits `session.revoked` when the record existed.
 *
 * @example
 * await endSession(ctx, { userId, sessionId, reason: 'reuse_detected' });
 */
export async function endSession(
  ctx: TokenContext,
  input: { userId: string; sessionId: string; reason: SessionRevokeReason },
): Promise<boolean> {
  const existed = await ctx.storage.sessions.delete(input.sessionId);
  await ctx.storage.revocations.revokeSession(input.sessionId);
  if (existed) ctx.events.emit('session.revoked', { userId: input.userId, sessionId: input.sessionId, reason: input.reason });
  return existed;
}

/**
 * Revokes one session of `userId` (a user can never end someone else's: `false`). With the
 * caller's `claims`, the access token's `jti` is also blacklisted until its own `exp`, which is
 * how logout works even when the session record has lapsed already.
 *
 * @example
 * await revokeSession(ctx, { userId: auth.sub, sessionId: auth.sid, reason: 'logout', claims: auth });
 */
export async function revokeSession(
  ctx: TokenContext,
  input: { userId: string; sessionId: string; reason: SessionRevokeReason; claims?: AccessClaims },
): Promise<boolean> {
  const { userId, sessionId, claims } = input;
  const now = new Date(ctx.clock.now());
  const session = await ctx.storage.sessions.findById(sessionId, now);
  const ownsToken = claims !== undefined && claims.sub === userId && claims.sid === sessionId;
  if (session ? session.userId !== userId : !ownsToken) return false;
  if (ownsToken) {
    // Until the token's own exp, not a fixed day: the entry expires with the token it blocks.
    await ctx.storage.revocations.revokeToken(claims.jti, new Date(claims.exp * 1000), now);
  }
  return endSession(ctx, { userId, sessionId, reason: input.reason });
}

/**
 * Revokes every session of a user, including those that logins in flight are creating right now:
 * the user's `credentialVersion` is bumped first, and a session created under the old version is
 * refused by `assertStillCurrent` (at creation) and by refresh. Emits `session.revoked` per
 * session and returns how many were revoked.
 *
 * @example
 * await revokeAllSessions(ctx, { userId, reason: 'banned' });
 */
export async function revokeAllSessions(ctx: TokenContext, input: { userId: string; reason: SessionRevokeReason }): Promise<number> {
  await ctx.storage.users.bumpCredentialVersion(input.userId);
  const ids = await ctx.storage.sessions.deleteByUser(input.userId);
  await Promise.all(ids.map((id) => ctx.storage.revocations.revokeSession(id)));
  for (const sessionId of ids) ctx.events.emit('session.revoked', { userId: input.userId, sessionId, reason: input.reason });
  return ids.length;
}

/**
 * The second half of the guarantee above, run after a new session is stored and marked live:
 * re-reads the user, and when it is gone, banned or its credentials changed since `user` was
 * read (before the password check), ends the new session and refuses. Either this read sees the
 * bump, or the bump (and the revocation after it) comes later and finds the stored session, so
 * no session outlives a change that started before it was created.
 */
export async function assertStillCurrent(ctx: TokenContext, input: { user: Pick<UserRecord, 'id' | 'credentialVersion'>; sessionId: string }): Promise<void> {
  const { user, sessionId } = input;
  const current = await ctx.storage.users.findById(user.id);
  if (current && !current.banned && current.credentialVersion === user.credentialVersion) return;
  await endSession(ctx, { userId: user.id, sessionId, reason: current ? 'credentials_changed' : 'deleted' });
  throw new VaultError(current?.banned ? 'ACCOUNT_BANNED' : 'INVALID_CREDENTIALS');
}
