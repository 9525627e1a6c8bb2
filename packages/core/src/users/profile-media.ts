import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import type { UploadSource } from '../media/multipart-body.js';
import { keepUpload, removeUploadQuietly, storeUpload, userFolder } from '../media/store-upload.js';
import type { MediaSlot, UserRecord } from '../ports/storage.js';
import { getUser } from './profile.js';

/**
 * Uploads a new avatar or cover image and swaps the reference atomically
 * (`users.replaceMedia`): the file it replaced is removed, so of two concurrent replacements
 * exactly one file stays. The reference is saved only after the upload succeeded, and the new
 * file is removed again when saving fails. Returns the updated user.
 */
export async function replaceProfileMedia(ctx: VaultContext, input: { userId: string; slot: MediaSlot; file: UploadSource }): Promise<UserRecord> {
  const { userId, slot } = input;
  // No upload for an account that is not there (any more).
  await getUser(ctx, userId);
  const upload = await storeUpload(ctx, input.file, { folder: userFolder(userId), kinds: ['image'] });
  const swapped = await keepUpload(ctx, upload, async () => {
    const result = await ctx.storage.users.replaceMedia(userId, slot, { publicId: upload.publicId, url: upload.url }, new Date(ctx.clock.now()));
    if (!result) throw new VaultError('NOT_FOUND', { message: 'User not found' });
    return result;
  });
  if (swapped.previous && swapped.previous.publicId !== upload.publicId) await removeUploadQuietly(ctx, { publicId: swapped.previous.publicId, kind: 'image' });
  ctx.events.emit('user.updated', { userId, fields: [slot] });
  return getUser(ctx, userId);
}
