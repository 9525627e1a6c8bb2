import type { VaultContext } from '../context.js';
import { DependencyError, VaultError } from '../errors/vault-error.js';
import type { AssetRecord } from '../ports/storage/media.js';
import type { OtpPurpose } from '../ports/storage.js';

const OTP_PURPOSES: OtpPurpose[] = ['verify-email', 'login', 'reset-password', 'reset-token'];
/** Assets removed per round (one list, one batch of remote removals, one `deleteMany`). */
const ASSET_BATCH = 100;

/**
 * Deletes an account and everything that hangs off it: sessions (their tokens stop at once),
 * codes, subscriptions, assets and their remote files. Returns `false` when there was no user.
 *
 * Every step is idempotent and a file is removed before the record that names it, so a deletion
 * that fails halfway (storage or uploader down) throws and, called again, finishes the job: the
 * user record goes last, and until then a retry finds everything still to do.
 */
export async function deleteUserCascade(ctx: VaultContext, userId: string, by: string | null): Promise<boolean> {
  const user = await ctx.storage.users.findById(userId);
  if (!user) return false;
  await ctx.tokens.revokeAllSessions({ userId, reason: 'deleted' });
  await Promise.all(OTP_PURPOSES.map((purpose) => ctx.storage.otps.delete(purpose, userId)));
  await ctx.storage.subscriptions.deleteByUser(userId);
  await deleteOwnedAssets(ctx, userId);
  const media = [user.avatar, user.cover].filter((m) => m !== null).map((m) => ({ publicId: m.publicId, kind: 'image' as const }));
  await removeFiles(ctx, media);
  const deleted = await ctx.storage.users.delete(userId);
  if (deleted) ctx.events.emit('user.deleted', { userId, by });
  return deleted;
}

/** Removes the owner's assets a batch at a time, each file before its record. */
async function deleteOwnedAssets(ctx: VaultContext, ownerId: string): Promise<void> {
  for (;;) {
    const { items } = await ctx.storage.assets.list({ ownerId, page: 1, limit: ASSET_BATCH });
    if (items.length === 0) break;
    await removeFiles(ctx, items);
    // None deleted (someone else was faster, or a storage that does not delete): the sweep below ends it.
    if ((await ctx.storage.assets.deleteMany(items.map((a) => a.id))).length === 0) break;
  }
  // An upload that finished while the batches ran: its record appears here, its file goes too.
  await removeFiles(ctx, await ctx.storage.assets.deleteByOwner(ownerId));
}

/** Removes files (idempotent); any failure throws, so the caller stops before losing the names. */
async function removeFiles(ctx: VaultContext, files: readonly Pick<AssetRecord, 'publicId' | 'kind'>[]): Promise<void> {
  const results = await Promise.allSettled(files.map((f) => ctx.uploader.remove(f.publicId, f.kind)));
  const failure = results.find((r) => r.status === 'rejected');
  if (!failure) return;
  const reason: unknown = failure.reason;
  throw reason instanceof VaultError ? reason : new DependencyError('uploader', { cause: reason });
}
