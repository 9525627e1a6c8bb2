import { createHash } from 'node:crypto';
import { mp4Sample, pngSample } from '@vaultkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudinaryUploader } from '../src/index.js';
import { ACCOUNT, optionsFor, stallingStream, streamOf, until } from './helpers.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

const MiB = 1024 * 1024;
const CHUNK = 5 * MiB;

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary(ACCOUNT);
});
afterAll(() => endpoint.close());

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const uploadsSince = (start: number) => endpoint.requests.slice(start).filter((r) => r.action === 'upload');

describe('cloudinary: large videos go in chunks (Cloudinary\'s chunked upload protocol)', () => {
  it('upload - a video larger than chunkSize is sent in signed Content-Range chunks and comes back whole', async () => {
    const video = mp4Sample(21, 11 * MiB + 123);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: CHUNK });
    const start = endpoint.requests.length;
    const result = await uploader.upload(streamOf(video.bytes), optionsFor('video', video));

    const chunks = uploadsSince(start);
    const total = video.bytes.length;
    expect(chunks.map((c) => [c.contentRange, c.status])).toEqual([
      [`bytes 0-${CHUNK - 1}/-1`, 200],
      [`bytes ${CHUNK}-${2 * CHUNK - 1}/-1`, 200],
      [`bytes ${2 * CHUNK}-${total - 1}/${total}`, 200],
    ]);
    expect(new Set(chunks.map((c) => c.uploadId)).size).toBe(1);
    expect(chunks.every((c) => c.resourceType === 'video')).toBe(true);
    expect(result).toMatchObject({ bytes: total, format: 'mp4' });
    expect(endpoint.files.get(`video/${result.publicId}`)?.chunked).toBe(true);
    const read = new Uint8Array(await (await fetch(result.url)).arrayBuffer());
    expect(sha(read)).toBe(sha(video.bytes));
    await uploader.remove(result.publicId, 'video');
  });

  it('upload - a video of exactly one chunk, and an image larger than a chunk, go in one request each', async () => {
    const video = mp4Sample(22, CHUNK);
    const image = pngSample(25, { width: 1400, height: 1400 });
    expect(image.bytes.length).toBeGreaterThan(CHUNK);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: CHUNK });
    const start = endpoint.requests.length;
    const results = [await uploader.upload(streamOf(video.bytes), optionsFor('video', video)), await uploader.upload(streamOf(image.bytes), optionsFor('image', image))];
    expect(uploadsSince(start).map((r) => [r.resourceType, r.status, r.contentRange])).toEqual([
      ['video', 200, undefined],
      ['image', 200, undefined],
    ]);
    expect(endpoint.files.get(`video/${results[0]!.publicId}`)).toMatchObject({ chunked: false, bytes: CHUNK });
    expect(endpoint.files.get(`image/${results[1]!.publicId}`)).toMatchObject({ chunked: false, bytes: image.bytes.length });
    await uploader.remove(results[0]!.publicId, 'video');
    await uploader.remove(results[1]!.publicId, 'image');
  });

  it('upload - an abort between chunks rejects with the reason, stops reading, and no file appears', async () => {
    const video = mp4Sample(23, 12 * MiB);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: CHUNK });
    const controller = new AbortController();
    const start = endpoint.requests.length;
    const before = endpoint.files.size;
    // A chunk and a bit, then silence: the first chunk goes out (a byte more told it is not the
    // last), the second never fills.
    const given = CHUNK + MiB;
    const { stream, consumed } = stallingStream(video.bytes, given);
    const upload = uploader.upload(stream, optionsFor('video', video, { signal: controller.signal }));
    await until(() => uploadsSince(start).length === 1 && consumed() === given, 'the first chunk never arrived');
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(upload).rejects.toBe(reason);
    expect(stream.destroyed).toBe(true);
    expect(endpoint.files.size).toBe(before);
    // Nothing more was sent: the chunk that would complete the file never left.
    expect(uploadsSince(start)).toHaveLength(1);
  });

  it('upload - a stream failing after the first chunk rejects with its error and no file appears', async () => {
    const video = mp4Sample(24, 8 * MiB);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: CHUNK });
    const before = endpoint.files.size;
    const failure = new Error('socket closed');
    const pieces = streamOf(video.bytes);
    let sent = 0;
    pieces.on('data', (piece: Buffer) => {
      sent += piece.length;
      if (sent >= CHUNK + MiB) pieces.destroy(failure);
    });
    await expect(uploader.upload(pieces, optionsFor('video', video))).rejects.toBe(failure);
    expect(endpoint.files.size).toBe(before);
  });

  it('options - a chunkSize under 5 MiB is refused when the uploader is made', () => {
    expect(() => cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: MiB })).toThrow(TypeError);
  });
});
