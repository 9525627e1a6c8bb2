import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDiskUploader, type LocalDiskUploader } from './local-disk-uploader.js';

/** Where the embedded uploader writes when the app passes none. */
export const DEFAULT_UPLOAD_DIRECTORY: string = join(tmpdir(), 'vaultkit-uploads');

/**
 * The embedded default of `createVault`: the local-disk uploader under the system's temp folder,
 * with URLs under `/uploads` (the app serves that path; the example servers do). The folder is
 * created at the first upload (or by `vault.ready()`).
 */
export function defaultUploader(): LocalDiskUploader {
  return localDiskUploader({ directory: DEFAULT_UPLOAD_DIRECTORY, baseUrl: '/uploads' });
}
