import { describe, expect, it } from 'vitest';
import { storeUpload, userFolder } from '../../src/index.js';
import { ELF, filesIn, formBody, JPEG, makeMediaVault, MP4, PNG, send, SVG, tokenOf, uploadContext } from './helpers.js';

/** @see issue 11: the kind and format come from the bytes, never from the client's name or MIME type. */
describe('uploads: type from magic bytes', () => {
  it('a PNG named .mp4 and sent as video/mp4 is stored as the PNG it is', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'clip.mp4', type: 'video/mp4', data: PNG }]) });
    expect(res.status).toBe(200);
    expect(res.json.data.user.avatarUrl).toMatch(/\.png$/);
    expect((await filesIn(t.dir))[0]).toMatch(/\.png$/);
  });

  it('a PNG is refused where only video is allowed (415), an MP4 accepted there', async () => {
    const t = await makeMediaVault();
    const options = { folder: userFolder('u1'), kinds: ['video'] as const };
    await expect(storeUpload(uploadContext(t), PNG, options)).rejects.toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('an MP4 is refused for the avatar (image only): 415', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', type: 'image/png', data: MP4 }]) });
    expect([res.status, res.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('an ELF binary named .png and sent as image/png → 415', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'avatar.png', type: 'image/png', data: ELF }]) });
    expect([res.status, res.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar).toBeNull();
  });

  it('an SVG with a script, sent as image/svg+xml → 415', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.svg', type: 'image/svg+xml', data: SVG }]) });
    expect([res.status, res.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('an empty file → 415', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: Buffer.alloc(0) }]) });
    expect([res.status, res.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('a JPEG named .txt is stored as a JPEG (.jpg, image/jpeg)', async () => {
    const t = await makeMediaVault();
    const upload = await storeUpload(uploadContext(t), JPEG, { folder: userFolder('u1'), kinds: ['image'] });
    expect(upload).toMatchObject({ kind: 'image', format: 'jpeg', contentType: 'image/jpeg' });
    expect(upload.publicId).toMatch(/^users\/u1\/[0-9a-f-]{36}\.jpg$/);
    expect(t.uploader.locate(upload.publicId)?.contentType).toBe('image/jpeg');
  });

  it.each([
    ['path traversal', '../../../../etc/cron.d/evil.png'],
    ['absolute path', '/etc/passwd.png'],
    ['Windows traversal', '..\\..\\windows\\evil.png'],
    ['RTL override', 'photo\u202Egnp.exe'],
    ['very long', `${'x'.repeat(4000)}.png`],
    ['non-Latin', 'аватар 😀.png'],
  ])('a %s file name never reaches the disk or the URL', async (_label, filename) => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename, type: 'image/png', data: PNG }]) });
    expect(res.status).toBe(200);
    const files = await filesIn(t.dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^users\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.png$/);
    expect(res.json.data.user.avatarUrl).toBe(`/uploads/${files[0]}`);
  });

  it('a NUL byte in the file name is a malformed part header (400), nothing stored', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a\u0000.png', type: 'image/png', data: PNG }]) });
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
  });
});
