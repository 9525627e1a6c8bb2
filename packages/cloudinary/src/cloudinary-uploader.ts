import { randomUUID } from 'node:crypto';
import type { AssetKind, Uploader } from '@vaultkit/core';
import { toVaultError, unexpectedAnswer } from './errors.js';
import { resolveConfig, type CloudinaryAccount, type CloudinaryUploaderOptions } from './options.js';
import { callOptions, createAgent, destroy } from './sdk.js';
import { uploadFile } from './upload.js';

/**
 * The uploader port on Cloudinary, through the official SDK. Uploads are signed and streamed
 * (`upload_stream`; `upload_chunked_stream` for videos larger than `chunkSize`), into `folder`
 * under the server-chosen `filename`; the answer keeps Cloudinary's `public_id` and
 * `secure_url`, the size and the image or video dimensions. `remove` destroys with the kind's
 * resource type and resolves when the file is already gone. Failures are vaultkit errors:
 * `DependencyError` (503) when Cloudinary or the network fails or refuses the credentials.
 *
 * The account travels with every call (never the SDK's global config), so two uploaders on two
 * accounts can live in one process. `dispose()` closes the connections the uploader opened.
 *
 * @example
 * import { createVault } from '@vaultkit/core';
 * import { cloudinaryUploader } from '@vaultkit/cloudinary';
 *
 * const vault = createVault({
 *   tokens: { secret: process.env.JWT_SECRET! },
 *   uploader: cloudinaryUploader(process.env.CLOUDINARY_URL!, { chunkSize: 16 * 1024 * 1024 }),
 * });
 */
export function cloudinaryUploader(account: string | CloudinaryAccount, options: CloudinaryUploaderOptions = {}): Uploader {
  const config = resolveConfig(account, options);
  // Small requests (destroy, ping) share one keep-alive agent; each upload gets its own.
  const agent = createAgent(config);

  /** `destroy`, idempotent: Cloudinary answers `not found` (200) for what is not there. */
  async function destroyOne(publicId: string, kind: AssetKind, invalidate: boolean): Promise<void> {
    let result: string;
    try {
      result = await destroy(publicId, callOptions(config, agent, { resource_type: kind, type: 'upload', invalidate }));
    } catch (error) {
      throw toVaultError(error);
    }
    if (result !== 'ok' && result !== 'not found') throw unexpectedAnswer(`a known result for destroy (got ${JSON.stringify(result)})`);
  }

  async function remove(publicId: string, kind: AssetKind): Promise<void> {
    if (typeof publicId !== 'string' || publicId === '') throw new TypeError('cloudinaryUploader.remove: publicId is required');
    await destroyOne(publicId, kind, config.invalidate);
  }

  return {
    upload: (stream, uploadOptions) => uploadFile(stream, uploadOptions, { config, remove }),
    remove,
    async ping() {
      // A signed destroy of a name nothing has: it proves reachability and the credentials,
      // and unlike the Admin API's ping it does not spend the hourly Admin API quota.
      await destroyOne(`vaultkit-ping/${randomUUID()}`, 'image', false);
    },
    async dispose() {
      agent.destroy();
    },
  };
}
