import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/vault.js';
import { filesIn, FORM_TYPE, formBody, GIF, makeMediaVault, PNG, send, tokenOf } from './helpers.js';

/** @see issue 11 */
describe('PUT /users/me/avatar and /users/me/cover', () => {
  it('stores the image under a server-chosen name and answers the user with avatarUrl', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'me.png', type: 'image/png', data: PNG }]) });
    expect(res.status).toBe(200);
    const user = res.json.data.user;
    expect(user.avatarUrl).toMatch(/^\/uploads\/users\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.png$/);
    expect(user.coverUrl).toBeNull();
    const files = await filesIn(t.dir);
    expect(files).toEqual([user.avatarUrl.replace('/uploads/', '')]);
    expect(await readFile(join(t.dir, files[0]!))).toEqual(PNG);
    expect(res.headers['X-RateLimit-Limit']).toBeDefined();
  });

  it('sets the cover beside the avatar', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]) });
    const res = await send(t, 'PUT /users/me/cover', { token, body: formBody([{ name: 'file', filename: 'c.gif', data: GIF }]) });
    expect(res.status).toBe(200);
    expect(res.json.data.user.coverUrl).toMatch(/\.gif$/);
    expect(res.json.data.user.avatarUrl).toMatch(/\.png$/);
    expect(await filesIn(t.dir)).toHaveLength(2);
  });

  it('replacing the avatar removes the previous file', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const first = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]) });
    const second = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'b.gif', data: GIF }]) });
    expect(second.status).toBe(200);
    expect(second.json.data.user.avatarUrl).not.toBe(first.json.data.user.avatarUrl);
    expect(await filesIn(t.dir)).toEqual([second.json.data.user.avatarUrl.replace('/uploads/', '')]);
  });

  it('users.replaceMedia - concurrent replacements leave exactly one file, the one referenced', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: `${i}.png`, data: i % 2 ? PNG : GIF }]) })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const stored = await t.vault.storage.users.findByEmail('ada@example.com');
    expect(await filesIn(t.dir)).toEqual([stored!.avatar!.publicId]);
  });

  it('refuses a request without a token before reading the body (401)', async () => {
    const t = await makeMediaVault();
    const res = await send(t, 'PUT /users/me/avatar', { body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]) });
    expect(res.status).toBe(401);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a JSON body is 415, a form without the file is 400 VALIDATION_FAILED on "file"', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const json = await send(t, 'PUT /users/me/avatar', { token, body: Buffer.from('{"file":"x"}'), headers: { 'content-type': 'application/json' } });
    expect([json.status, json.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const empty = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'note', value: 'no file' }]) });
    expect([empty.status, empty.json.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(empty.json.details).toEqual([expect.objectContaining({ path: 'file' })]);
    const asText = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', value: 'a text field' }]) });
    expect([asText.status, asText.json.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('vault.users.setAvatar / setCover (programmatic)', () => {
  it('takes the bytes or a Readable and answers the same user shape', async () => {
    const t = await makeMediaVault();
    const { caller } = await signUp(t);
    const fromBytes = await t.vault.users.setAvatar({ file: PNG }, { caller });
    expect(fromBytes.user.avatarUrl).toMatch(/\.png$/);
    const fromStream = await t.vault.users.setCover({ file: Readable.from([GIF.subarray(0, 10), GIF.subarray(10)]) }, { caller });
    expect(fromStream.user.coverUrl).toMatch(/\.gif$/);
    expect(await filesIn(t.dir)).toHaveLength(2);
  });

  it('refuses a value that is not a file (400 VALIDATION_FAILED)', async () => {
    const t = await makeMediaVault();
    const { caller } = await signUp(t);
    await expect(t.vault.users.setAvatar({ file: 'not a file' as never }, { caller })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('OpenAPI', () => {
  it('declares a multipart/form-data body with a binary file and the allowed image types', async () => {
    const t = await makeMediaVault();
    const doc = t.vault.http.openapi() as any;
    const op = doc.paths['/api/v1/users/me/avatar'].put;
    const body = op.requestBody.content['multipart/form-data'];
    expect(body.schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(body.schema.required).toEqual(['file']);
    expect(body.encoding.file.contentType).toBe('image/jpeg, image/png, image/webp, image/gif, image/avif');
    expect(op.requestBody.content['application/json']).toBeUndefined();
    expect(op.responses['413'].content['application/json'].schema.allOf[1].properties.code.enum).toContain('PAYLOAD_TOO_LARGE');
    expect(op.responses['415'].content['application/json'].schema.allOf[1].properties.code.enum).toContain('UNSUPPORTED_MEDIA_TYPE');
    expect(FORM_TYPE).toContain('boundary=');
  });
});
