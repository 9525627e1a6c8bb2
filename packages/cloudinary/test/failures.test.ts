import { mp4Sample, pngSample } from '@vaultkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudinaryUploader } from '../src/index.js';
import { ACCOUNT, optionsFor, streamOf } from './helpers.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary(ACCOUNT);
});
afterAll(() => endpoint.close());

const image = pngSample(31);
const unavailable = { name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 };

describe('cloudinary: failures become vaultkit errors', () => {
  it('an endpoint that is down (connections reset) → DependencyError for upload, remove and ping', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    endpoint.setDown(true);
    try {
      await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).rejects.toMatchObject(unavailable);
      await expect(uploader.remove('vaultkit/users/u1/x', 'image')).rejects.toMatchObject(unavailable);
      await expect(uploader.ping!()).rejects.toMatchObject(unavailable);
    } finally {
      endpoint.setDown(false);
    }
    await expect(uploader.ping!()).resolves.toBeUndefined();
  });

  it('nothing listening on the port (connection refused) → DependencyError, the network error kept as cause', async () => {
    const gone = await startLoopbackCloudinary(ACCOUNT);
    await gone.close();
    const uploader = cloudinaryUploader(gone.cloudinaryUrl);
    const error = await uploader.upload(streamOf(image.bytes), optionsFor('image', image)).catch((e: unknown) => e);
    expect(error).toMatchObject(unavailable);
    expect(String((error as Error).cause)).toMatch(/ECONNREFUSED/);
    await expect(uploader.ping!()).rejects.toMatchObject(unavailable);
  });

  it.each([500, 503, 429])('an answer %i → DependencyError, and the next request works again', async (status) => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    endpoint.fail(status, { times: 2 });
    await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).rejects.toMatchObject(unavailable);
    await expect(uploader.remove('vaultkit/users/u1/x', 'image')).rejects.toMatchObject(unavailable);
    const result = await uploader.upload(streamOf(image.bytes), optionsFor('image', image));
    await uploader.remove(result.publicId, 'image');
  });

  it('a chunked upload whose second chunk fails → DependencyError, no file', async () => {
    const MiB = 1024 * 1024;
    const video = mp4Sample(32, 11 * MiB);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { chunkSize: 5 * MiB });
    const before = endpoint.files.size;
    const start = endpoint.requests.length;
    // The first chunk is answered, the second meets the failure.
    endpoint.fail(503, { skip: 1, times: 1 });
    const upload = uploader.upload(streamOf(video.bytes), optionsFor('video', video));
    await expect(upload).rejects.toMatchObject(unavailable);
    expect(endpoint.requests.slice(start).map((r) => r.status)).toEqual([200, 503]);
    expect(endpoint.files.size).toBe(before);
  });

  it('"File size too large" (the plan\'s limit) → PAYLOAD_TOO_LARGE 413, which retrying would not fix', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    endpoint.fail(400, { times: 1, message: 'File size too large. Got 20971520. Maximum is 10485760.' });
    await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('a file the service cannot read ("Invalid image file") → UNSUPPORTED_MEDIA_TYPE 415', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const notAnImage = new TextEncoder().encode('plain text, not an image at all');
    await expect(uploader.upload(streamOf(notAnImage), optionsFor('image', image))).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });

  it('the caller\'s stream error passes through unchanged (it is not the service failing)', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const failure = Object.assign(new Error('too large'), { code: 'PAYLOAD_TOO_LARGE' });
    const stream = streamOf(image.bytes);
    stream.once('data', () => stream.destroy(failure));
    await expect(uploader.upload(stream, optionsFor('image', image))).rejects.toBe(failure);
  });
});
