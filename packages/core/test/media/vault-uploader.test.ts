import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_DIRECTORY, isLocalDiskUploader, keepUpload, storeUpload, userFolder } from '../../src/index.js';
import { makeVault } from '../helpers/vault.js';
import { filesIn, makeMediaVault, PNG } from './helpers.js';

/** @see issue 11 (the vault exposes its uploader: the embedded default can be served and reused) */
describe('vault.uploader', () => {
  it('is the embedded local-disk uploader under DEFAULT_UPLOAD_DIRECTORY, with URLs under /uploads', () => {
    const { vault } = makeVault();
    expect(isLocalDiskUploader(vault.uploader)).toBe(true);
    if (!isLocalDiskUploader(vault.uploader)) return;
    expect(vault.uploader.directory).toBe(DEFAULT_UPLOAD_DIRECTORY);
    expect(vault.uploader.baseUrl).toBe('/uploads');
    expect(vault.uploader.locate('users/u1/0f8fad5b-d9cb-469f-a165-70867728950e.png')?.path.startsWith(DEFAULT_UPLOAD_DIRECTORY)).toBe(true);
  });

  it('is the one passed in, and the vault itself is the context of storeUpload and keepUpload', async () => {
    const t = await makeMediaVault();
    expect(t.vault.uploader).toBe(t.uploader);
    const upload = await storeUpload(t.vault, Readable.from([PNG]), { folder: userFolder('u1'), kinds: ['image'] });
    expect(upload).toMatchObject({ kind: 'image', format: 'png', bytes: PNG.length });
    expect(await filesIn(t.dir)).toEqual([upload.publicId]);
    await expect(keepUpload(t.vault, upload, () => Promise.reject(new Error('save failed')))).rejects.toThrow('save failed');
    expect(await filesIn(t.dir)).toEqual([]);
  });
});
