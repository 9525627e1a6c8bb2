import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BOUNDARY, filesIn, formBody, makeMediaVault, PNG, send, tokenOf } from './helpers.js';

/** A stream that yields `head`, then `filler` bytes in 64 KiB chunks; `produced()` says how many it gave. */
function endless(head: Buffer, filler: number) {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const stream = Readable.from(
    (function* () {
      produced += head.length;
      yield head;
      while (produced < filler) {
        produced += chunk.length;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, produced: () => produced };
}

/** @see issue 11 */
describe('multipart bodies: abuse is refused (400/413/415)', () => {
  it('no boundary → 400 BAD_REQUEST', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]), headers: { 'content-type': 'multipart/form-data' } });
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('another content type or an encoded body → 415', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const urlencoded = await send(t, 'PUT /users/me/avatar', { token, body: Buffer.from('file=abc'), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([urlencoded.status, urlencoded.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const gzip = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]), headers: { 'content-encoding': 'gzip' } });
    expect([gzip.status, gzip.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('1,000 parts → 413 PAYLOAD_TOO_LARGE, nothing stored', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const parts = Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}`, value: 'x' }));
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([...parts, { name: 'file', filename: 'a.png', data: PNG }]) });
    expect([res.status, res.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a form with exactly maxParts parts passes, one more is 413', async () => {
    const t = await makeMediaVault({ media: { maxParts: 3 } });
    const token = await tokenOf(t);
    const ok = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'file', filename: 'a.png', data: PNG }]) });
    expect(ok.status).toBe(200);
    const over = await send(t, 'PUT /users/me/avatar', {
      token,
      body: formBody([{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'c', value: '3' }, { name: 'file', filename: 'a.png', data: PNG }]),
    });
    expect([over.status, over.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('a 10 MB text field → 413, refused before the body ends', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n`);
    const body = endless(head, 10 * 1024 * 1024);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: body.stream });
    expect([res.status, res.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(body.produced()).toBeLessThan(5 * 1024 * 1024);
  });

  it('a text field over maxFieldBytes → 413', async () => {
    const t = await makeMediaVault({ media: { maxFieldBytes: 1024 } });
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'note', value: 'x'.repeat(1025) }, { name: 'file', filename: 'a.png', data: PNG }]) });
    expect([res.status, res.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('two files → 400 and nothing stored', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', {
      token,
      body: formBody([
        { name: 'file', filename: 'a.png', data: PNG },
        { name: 'file', filename: 'b.png', data: PNG },
      ]),
    });
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar).toBeNull();
  });

  it('a text field after the file → 400, the upload removed', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }, { name: 'late', value: 'x' }]) });
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a file in another field, a repeated field or a __proto__ field → 400', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const other = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'picture', filename: 'a.png', data: PNG }]) });
    expect([other.status, other.json.code]).toEqual([400, 'BAD_REQUEST']);
    const twice = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'a', value: '1' }, { name: 'a', value: '2' }, { name: 'file', filename: 'a.png', data: PNG }]) });
    expect([twice.status, twice.json.code]).toEqual([400, 'BAD_REQUEST']);
    const proto = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: '__proto__', value: '{}' }, { name: 'file', filename: 'a.png', data: PNG }]) });
    expect([proto.status, proto.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a body cut short (no closing boundary) → 400, nothing stored', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const whole = formBody([{ name: 'file', filename: 'a.png', data: PNG }]);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: whole.subarray(0, whole.length - 20) });
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a declared Content-Length beyond every limit → 413 before any byte is read', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const body = endless(Buffer.alloc(0), 1024 * 1024);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: body.stream, headers: { 'content-length': String(1024 * 1024 * 1024) } });
    expect([res.status, res.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(res.headers.Connection).toBe('close');
    expect(body.produced()).toBeLessThanOrEqual(64 * 1024);
  });
});
