import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { storeUpload, userFolder } from '../../src/index.js';
import { BOUNDARY, filesIn, formBody, makeMediaVault, MP4, PNG, send, sized, tokenOf, uploadContext } from './helpers.js';

const LIMIT = 64 * 1024;

/** A multipart body whose file part starts with `head` and never ends on its own (up to `total` bytes). */
function endlessUpload(head: Buffer, total: number) {
  let produced = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x42);
  const start = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
  const stream = Readable.from(
    (function* () {
      produced += start.length + head.length;
      yield Buffer.concat([start, head]);
      while (produced < total) {
        produced += chunk.length;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, produced: () => produced };
}

/** @see issue 11 */
describe('upload size limits (enforced while the bytes flow)', () => {
  it('a file of exactly the limit passes; one byte over is 413 and nothing is kept', async () => {
    const t = await makeMediaVault({ media: { maxBytes: { image: LIMIT } } });
    const token = await tokenOf(t);
    const at = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: sized(PNG, LIMIT) }]) });
    expect(at.status).toBe(200);
    const before = await filesIn(t.dir);
    const over = await send(t, 'PUT /users/me/cover', { token, body: formBody([{ name: 'file', filename: 'a.png', data: sized(PNG, LIMIT + 1) }]) });
    expect([over.status, over.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(over.json.message).toBe('The image is larger than 65536 bytes');
    expect(await filesIn(t.dir)).toEqual(before);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.cover).toBeNull();
  });

  it('a 200 MiB stream is refused (413) long before it ends, and nothing is kept', async () => {
    const t = await makeMediaVault({ media: { maxBytes: { image: LIMIT } } });
    const token = await tokenOf(t);
    const body = endlessUpload(PNG, 200 * 1024 * 1024);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: body.stream });
    expect([res.status, res.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // The limit, plus what was in flight and what the discard reads before closing.
    expect(body.produced()).toBeLessThan(4 * 1024 * 1024);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('the default image limit is 10 MiB, video 200 MiB, and both can be configured', async () => {
    const t = await makeMediaVault();
    expect(t.vault.config.media.maxBytes).toEqual({ image: 10 * 1024 * 1024, video: 200 * 1024 * 1024 });
    const small = await makeMediaVault({ media: { maxBytes: { video: 1000 } } });
    expect(small.vault.config.media.maxBytes).toEqual({ image: 10 * 1024 * 1024, video: 1000 });
  });

  it('the video limit applies to videos: at the limit passes, one byte over is 413', async () => {
    const t = await makeMediaVault({ media: { maxBytes: { video: LIMIT } } });
    const ctx = uploadContext(t);
    const options = { folder: userFolder('u1'), kinds: ['image', 'video'] as const };
    const ok = await storeUpload(ctx, sized(MP4, LIMIT), options);
    expect(ok).toMatchObject({ kind: 'video', format: 'mp4', contentType: 'video/mp4', bytes: LIMIT });
    await expect(storeUpload(ctx, sized(MP4, LIMIT + 1), options)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await filesIn(t.dir)).toEqual([ok.publicId]);
  });

  it('invalid limits are configuration errors, reported with the rest', async () => {
    const { createVault } = await import('../../src/index.js');
    expect(() => createVault({ tokens: { secret: 'x'.repeat(32) }, media: { maxBytes: { image: -1 }, maxParts: 0 } })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: 'media.maxBytes.image' }), expect.objectContaining({ path: 'media.maxParts' })]),
      }),
    );
  });
});
