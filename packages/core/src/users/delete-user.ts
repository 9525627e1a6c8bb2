import type { VaultContext } from '../context.js';
import type { OtpPurpose } from '../ports/storage.js';

const OTP_PURPOSES: OtpPurpose[] = ['verify-email', 'login', 'reset-password', 'reset-token'];

/**
 * Deletes an account and everything that hangs off it: sessions (their tokens stop at once),
 * codes, subscriptions, assets and their remote files. Returns `false` when there was no user.
 */
export async function deleteUserCascade(ctx: VaultContext, userId: string, by: string | null): Promise<boolean> {
  const user = await ctx.storage.users.findById(userId);
  if (!user) return false;
  await ctx.tokens.revokeAllSessions({ userId, reason: 'deleted' });
  await Promise.all(OTP_PURPOSES.map((purpose) => ctx.storage.otps.delete(purpose, userId)));
  await ctx.storage.subscriptions.deleteByUser(userId);
  const assets = await ctx.storage.assets.deleteByOwner(userId);
  const deleted = await ctx.storage.users.delete(userId);
  const uploader = ctx.uploader;
  if (uploader) {
    // Remote files go last and best-effort: the account is already gone, a leftover file is not.
    const remote = [...assets.map((a) => ({ publicId: a.publicId, kind: a.kind })), ...[user.avatar, user.cover].filter((m) => m !== null).map((m) => ({ publicId: m.publicId, kind: 'image' as const }))];
    await Promise.allSettled(remote.map((r) => uploader.remove(r.publicId, r.kind)));
  }
  if (deleted) ctx.events.emit('user.deleted', { userId, by });
  return deleted;
}
