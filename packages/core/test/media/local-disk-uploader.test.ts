import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DependencyError, isLocalDiskUploader, localDiskUploader, type UploadOptions } from '../../src/index.js';
import { filesIn, PNG, sized, tempDir } from './helpers.js';

const options = (over: Partial<UploadOptions> = {}): UploadOptions => ({
  folder: 'users/u1',
  kind: 'image',
  format: 'png',
  contentType: 'image/png',
  filename: 'f0e1d2c3',
  signal: new AbortController().signal,
  ...over,
});

describe('localDiskUploader', () => {
  it('localDiskUploader.upload - round trip: the bytes are stored under folder/filename.ext and located back', async () => {
    const dir = await tempDir();
    const uploader = localDiskUploader({ directory: dir, baseUrl: 'https://cdn.example.com/media/' });
    const data = sized(PNG, 300_000);
    const result = await uploader.upload(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), options());
    expect(result).toEqual({ publicId: 'users/u1/f0e1d2c3.png', url: 'https://cdn.example.com/media/users/u1/f0e1d2c3.png', bytes: data.length, format: 'png' });
    expect(await readFile(join(dir, 'users/u1/f0e1d2c3.png'))).toEqual(data);
    expect(uploader.locate(result.publicId)).toEqual({ path: join(dir, 'users/u1/f0e1d2c3.png'), contentType: 'image/png', kind: 'image' });
    expect(isLocalDiskUploader(uploader)).toBe(true);
  });

  it('localDiskUploader.remove - idempotent: removing twice, or what was never there, resolves', async () => {
    const dir = await tempDir();
    const uploader = localDiskUploader({ directory: dir });
    const { publicId } = await uploader.upload(Readable.from([PNG]), options());
    await uploader.remove(publicId, 'image');
    await uploader.remove(publicId, 'image');
    await uploader.remove('users/nobody/none.png', 'image');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('localDiskUploader.upload - an abort mid-stream removes the partial file and rejects', async () => {
    const dir = await tempDir();
    const uploader = localDiskUploader({ directory: dir });
    const controller = new AbortController();
    const source = new PassThrough();
    const pending = uploader.upload(source, options({ signal: controller.signal }));
    source.write(sized(PNG, 100_000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await filesIn(dir)).toHaveLength(1);
    controller.abort(new Error('too large'));
    await expect(pending).rejects.toThrow();
    expect(await filesIn(dir)).toEqual([]);
  });

  it('localDiskUploader.upload - a source that errors leaves nothing', async () => {
    const dir = await tempDir();
    const uploader = localDiskUploader({ directory: dir });
    const source = new Readable({ read() {} });
    const pending = uploader.upload(source, options());
    source.push(PNG);
    setTimeout(() => source.destroy(new Error('connection reset')), 10);
    await expect(pending).rejects.toThrow('connection reset');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('localDiskUploader.upload - concurrent uploads each get their own file', async () => {
    const dir = await tempDir();
    const uploader = localDiskUploader({ directory: dir });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => uploader.upload(Readable.from([sized(PNG, 1000 + i)]), options({ filename: `file${i}` }))));
    expect(new Set(results.map((r) => r.publicId)).size).toBe(8);
    for (const [i, r] of results.entries()) expect((await readFile(join(dir, r.publicId))).length).toBe(1000 + i);
  });

  it.each([
    ['a traversing folder', { folder: '../outside' }],
    ['an absolute folder', { folder: '/tmp/x' }],
    ['a traversing file name', { filename: '../../evil' }],
    ['a file name with a dot', { filename: 'a.php' }],
    ['an unknown format', { format: 'svg' }],
    ['an empty folder segment', { folder: 'users//u1' }],
  ])('localDiskUploader.upload - %s is refused before anything is written', async (_label, over) => {
    const root = await tempDir();
    const dir = join(root, 'uploads');
    const uploader = localDiskUploader({ directory: dir });
    await expect(uploader.upload(Readable.from([PNG]), options(over))).rejects.toThrow(TypeError);
    expect(await filesIn(root)).toEqual([]);
  });

  it('localDiskUploader.upload - never replaces an existing file nor follows a symlink planted at the name', async () => {
    const root = await tempDir();
    const dir = join(root, 'uploads');
    await mkdir(join(dir, 'users/u1'), { recursive: true });
    await writeFile(join(root, 'secret.txt'), 'keep me');
    await symlink(join(root, 'secret.txt'), join(dir, 'users/u1/f0e1d2c3.png'));
    const uploader = localDiskUploader({ directory: dir });
    await expect(uploader.upload(Readable.from([PNG]), options())).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(root, 'secret.txt'), 'utf8')).toBe('keep me');
  });

  it.each(['../secret.png', 'users/../../secret.png', '/etc/passwd.png', 'users/u1/a.svg', 'users/u1/.png', 'users/u1/a.png/../b.png', 'users\\..\\a.png', '', 'a%2F..%2Fb.png'])(
    'localDiskUploader.locate(%j) - anything this uploader could not have made is null',
    async (publicId) => {
      const uploader = localDiskUploader({ directory: await tempDir() });
      expect(uploader.locate(publicId)).toBeNull();
      // And remove never touches it.
      await uploader.remove(publicId, 'image');
    },
  );

  it('localDiskUploader.ping - answers for a writable folder, DependencyError otherwise', async () => {
    const root = await tempDir();
    await localDiskUploader({ directory: join(root, 'fresh') }).ping!();
    await writeFile(join(root, 'a-file'), 'x');
    await expect(localDiskUploader({ directory: join(root, 'a-file', 'below') }).ping!()).rejects.toBeInstanceOf(DependencyError);
  });

  it('localDiskUploader() - a missing directory is a TypeError at creation', () => {
    expect(() => localDiskUploader({ directory: '' })).toThrow(TypeError);
  });
});
