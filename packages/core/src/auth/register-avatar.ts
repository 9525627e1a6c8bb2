import type { VaultContext } from '../context.js';
import { newId } from '../crypto/random.js';
import type { UploadSource } from '../media/multipart-body.js';
import { keepUpload, storeUpload, userFolder } from '../media/store-upload.js';
import type { ClientMeta } from '../tokens/types.js';
import { register, type RegisterResult } from './register.js';
import type { RegisterInput } from './schemas.js';

/**
 * Registration with an optional avatar (the multipart form of `POST /auth/register`). The image
 * is uploaded first, for every address alike, so that neither the answer (415, 413) nor its
 * timing says whether the address already has an account; `register` then gives it to the
 * account it creates (or re-registers) and drops it otherwise. Registration failing removes it.
 */
export async function registerWithAvatar(ctx: VaultContext, input: RegisterInput & { avatar?: UploadSource }, meta: ClientMeta): Promise<RegisterResult> {
  const { avatar, ...fields } = input;
  if (!avatar) return register(ctx, fields, meta);
  // The id a new account will get: its avatar lands in its own folder.
  const userId = newId();
  const upload = await storeUpload(ctx, avatar, { folder: userFolder(userId), kinds: ['image'] });
  const ref = { publicId: upload.publicId, url: upload.url };
  return keepUpload(ctx, upload, () => register(ctx, { ...fields, avatar: { userId, ref } }, meta));
}
