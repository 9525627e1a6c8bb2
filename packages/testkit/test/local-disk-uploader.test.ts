import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDiskUploader } from '@vaultkit/core';
import { uploaderContract } from '@vaultkit/testkit';
import { afterAll, beforeAll } from 'vitest';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'vaultkit-uploader-contract-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

uploaderContract('local disk', () => localDiskUploader({ directory, baseUrl: '/uploads' }), {
  // URLs are paths the app serves (`/uploads/<publicId>`): read the file behind the id instead.
  read: (result) => readFile(localDiskUploader({ directory }).locate(result.publicId)!.path),
  // Every file under the folder, partial ones included.
  list: async (folder) => {
    const entries = await readdir(join(directory, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  },
});
