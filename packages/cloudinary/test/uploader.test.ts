import { mp4Sample, pngSample } from '@vaultkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudinaryUploader, parseCloudinaryUrl } from '../src/index.js';
import { ACCOUNT, optionsFor, streamOf } from './helpers.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary(ACCOUNT);
});
afterAll(() => endpoint.close());

describe('cloudinary: what is sent and what is kept', () => {
  it('upload - signed into the given folder under the given name, keeping secure_url, public_id, size and dimensions', async () => {
    const image = pngSample(41, { width: 120, height: 80 });
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const options = optionsFor('image', image, { folder: 'vaultkit/users/u42' });
    const result = await uploader.upload(streamOf(image.bytes), options);
    const stored = endpoint.files.get(`image/vaultkit/users/u42/${options.filename}`)!;
    expect(result).toEqual({ publicId: `vaultkit/users/u42/${options.filename}`, url: stored.url, bytes: image.bytes.length, format: 'png', width: 120, height: 80 });
    expect(endpoint.requests.at(-1)).toMatchObject({
      action: 'upload',
      resourceType: 'image',
      params: { folder: 'vaultkit/users/u42', public_id: options.filename, timestamp: expect.any(String) },
    });
    await uploader.remove(result.publicId, 'image');
  });

  it('upload - the format is the sniffed one in the port\'s words, not Cloudinary\'s spelling', async () => {
    // A JPEG: Cloudinary calls it `jpg`, the core `jpeg`.
    const jpeg = { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]), format: 'jpeg', contentType: 'image/jpeg' };
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const result = await uploader.upload(streamOf(jpeg.bytes), optionsFor('image', jpeg));
    expect(result.format).toBe('jpeg');
    expect(result.url.endsWith('.jpg')).toBe(true);
    await uploader.remove(result.publicId, 'image');
  });

  it('upload - a video goes to the video resource type', async () => {
    const video = mp4Sample(42);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const result = await uploader.upload(streamOf(video.bytes), optionsFor('video', video));
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'upload', resourceType: 'video', status: 200 });
    expect(endpoint.files.get(`video/${result.publicId}`)).toBeDefined();
    await uploader.remove(result.publicId, 'video');
  });

  it('upload - an abort after the last byte left lets the upload land, then removes what it stored', async () => {
    const image = pngSample(44);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const controller = new AbortController();
    const reason = new Error('client went away with the last byte');
    const stream = streamOf(image.bytes);
    stream.once('end', () => controller.abort(reason));
    const start = endpoint.requests.length;
    const options = optionsFor('image', image, { signal: controller.signal });
    await expect(uploader.upload(stream, options)).rejects.toBe(reason);
    // Cutting the request then could not tell whether the file landed; so it is let land and removed.
    expect(endpoint.requests.slice(start).map((r) => [r.action, r.status, r.params.public_id])).toEqual([
      ['upload', 200, options.filename],
      ['destroy', 200, `${options.folder}/${options.filename}`],
    ]);
    expect(endpoint.files.has(`image/${options.folder}/${options.filename}`)).toBe(false);
  });

  it('remove - destroys with the kind\'s resource type: a video is not removed as an image', async () => {
    const video = mp4Sample(43);
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    const result = await uploader.upload(streamOf(video.bytes), optionsFor('video', video));
    await uploader.remove(result.publicId, 'image');
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'destroy', resourceType: 'image', params: { public_id: result.publicId } });
    expect(endpoint.files.has(`video/${result.publicId}`)).toBe(true);
    await uploader.remove(result.publicId, 'video');
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'destroy', resourceType: 'video', status: 200, params: { type: 'upload', invalidate: 'true' } });
    expect(endpoint.files.has(`video/${result.publicId}`)).toBe(false);
  });

  it('remove - invalidate: false leaves the CDN cache alone', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl, { invalidate: false });
    await uploader.remove('vaultkit/users/u1/none', 'image');
    expect(endpoint.requests.at(-1)!.params.invalidate).not.toBe('true');
  });

  it('ping - a signed destroy of a name nothing has: resolves while the endpoint is up', async () => {
    const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
    await expect(uploader.ping!()).resolves.toBeUndefined();
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'destroy', status: 200, params: { public_id: expect.stringMatching(/^vaultkit-ping\//) } });
    await uploader.dispose!();
  });
});

describe('cloudinary: configuration', () => {
  it('parseCloudinaryUrl - reads key, secret, cloud name and upload_prefix', () => {
    expect(parseCloudinaryUrl('cloudinary://123:a%2Fb@my-cloud?upload_prefix=http://127.0.0.1:9')).toEqual({
      apiKey: '123',
      apiSecret: 'a/b',
      cloudName: 'my-cloud',
      uploadPrefix: 'http://127.0.0.1:9',
    });
    expect(parseCloudinaryUrl('cloudinary://123:abc@my-cloud')).toEqual({ apiKey: '123', apiSecret: 'abc', cloudName: 'my-cloud' });
  });

  it.each(['https://123:abc@my-cloud', 'cloudinary://123@my-cloud', 'cloudinary://:abc@my-cloud', 'not a url'])(
    'cloudinaryUploader(%j) - a TypeError that never quotes the URL (it holds the secret)',
    (url) => {
      const error = (() => {
        try {
          cloudinaryUploader(url);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(TypeError);
      expect(error!.message).toMatch(/cloudinary:\/\/<api_key>:<api_secret>@<cloud_name>/);
      expect(error!.message).not.toContain('abc');
    },
  );

  it('cloudinaryUploader - missing credentials, a bad upload prefix or timeout are TypeErrors', () => {
    expect(() => cloudinaryUploader({ ...ACCOUNT, apiSecret: '' })).toThrow(/apiSecret is required/);
    expect(() => cloudinaryUploader({ ...ACCOUNT, uploadPrefix: 'ftp://x' })).toThrow(TypeError);
    expect(() => cloudinaryUploader(ACCOUNT, { timeout: 0 })).toThrow(TypeError);
    expect(() => cloudinaryUploader(ACCOUNT, { signatureAlgorithm: 'md5' as 'sha1' })).toThrow(TypeError);
  });
});
