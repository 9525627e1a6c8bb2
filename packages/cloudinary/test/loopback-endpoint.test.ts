import { Agent } from 'node:http';
import { mp4Sample, pngSample } from '@vaultkit/testkit';
import { v2 as cloudinary, type UploadApiOptions } from 'cloudinary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT } from './helpers.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary(ACCOUNT);
});
afterAll(() => endpoint.close());

/** The SDK's own calls, pointed at the endpoint (an http agent lets the SDK speak plain http). */
function sdkOptions(extra: UploadApiOptions = {}): UploadApiOptions {
  return {
    cloud_name: ACCOUNT.cloudName,
    api_key: ACCOUNT.apiKey,
    api_secret: ACCOUNT.apiSecret,
    upload_prefix: endpoint.url,
    agent: new Agent(),
    ...extra,
  };
}

function sdk<T>(start: (callback: (error?: unknown, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, result) => (error ? reject(error) : resolve(result as T))));
}

describe('loopback Cloudinary endpoint', () => {
  it('speaks the SDK\'s own upload_chunked_stream: chunks in order, one file at the end, served back', async () => {
    const MiB = 1024 * 1024;
    const video = mp4Sample(51, 11 * MiB);
    const start = endpoint.requests.length;
    const result = await sdk<{ public_id: string; secure_url: string; bytes: number; resource_type: string }>((callback) => {
      const stream = cloudinary.uploader.upload_chunked_stream(sdkOptions({ resource_type: 'video', folder: 'sdk', public_id: 'chunked', chunk_size: 5 * MiB }), callback);
      stream.end(Buffer.from(video.bytes));
    });
    expect(result).toMatchObject({ public_id: 'sdk/chunked', bytes: video.bytes.length, resource_type: 'video' });
    expect(endpoint.requests.slice(start).map((r) => r.contentRange)).toEqual([`bytes 0-${5 * MiB - 1}/-1`, `bytes ${5 * MiB}-${10 * MiB - 1}/-1`, `bytes ${10 * MiB}-${11 * MiB - 1}/${11 * MiB}`]);
    const served = Buffer.from(await (await fetch(result.secure_url)).arrayBuffer());
    expect(served.equals(Buffer.from(video.bytes))).toBe(true);
  });

  it('answers a wrong signature with 401 and Cloudinary\'s error JSON, keeping nothing', async () => {
    const before = endpoint.files.size;
    const error = await sdk((callback) => {
      cloudinary.uploader.upload_stream(sdkOptions({ api_secret: 'not-the-secret', public_id: 'nope' }), callback).end(Buffer.from(pngSample(52).bytes));
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ http_code: 401, message: expect.stringMatching(/^Invalid Signature [0-9a-f]+\. String to sign - 'public_id=nope&timestamp=\d+'\.$/) });
    expect(endpoint.files.size).toBe(before);
  });

  it('answers a cloud name it does not serve with 401, and an unknown delivery path with 404', async () => {
    await expect(sdk((callback) => cloudinary.uploader.destroy('x', sdkOptions({ cloud_name: 'someone-else' }), callback))).rejects.toMatchObject({ http_code: 401 });
    const response = await fetch(`${endpoint.url}/${ACCOUNT.cloudName}/image/upload/v1/nothing.png`);
    expect(response.status).toBe(404);
  });

  it('serves what it stored with its content type, at the secure_url, and forgets it on destroy', async () => {
    const image = pngSample(53);
    const stored = await sdk<{ secure_url: string; public_id: string; width: number; height: number }>((callback) => {
      cloudinary.uploader.upload_stream(sdkOptions({ folder: 'sdk', public_id: 'served' }), callback).end(Buffer.from(image.bytes));
    });
    expect(stored).toMatchObject({ public_id: 'sdk/served', width: 256, height: 192 });
    const response = await fetch(stored.secure_url);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(image.bytes))).toBe(true);
    await expect(sdk((callback) => cloudinary.uploader.destroy('sdk/served', sdkOptions(), callback))).resolves.toEqual({ result: 'ok' });
    await expect(sdk((callback) => cloudinary.uploader.destroy('sdk/served', sdkOptions(), callback))).resolves.toEqual({ result: 'not found' });
    expect((await fetch(stored.secure_url)).status).toBe(404);
  });
});
