import { pngSample } from '@vaultkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudinaryUploader } from '../src/index.js';
import { ACCOUNT, optionsFor, streamOf } from './helpers.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary(ACCOUNT);
});
afterAll(() => endpoint.close());

const image = pngSample(7);
const refused = { name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 };

describe('cloudinary: every request is signed with the API secret', () => {
  it('upload - signed with the right secret, the endpoint accepts it', async () => {
    const uploader = cloudinaryUploader({ ...ACCOUNT, uploadPrefix: endpoint.url });
    const result = await uploader.upload(streamOf(image.bytes), optionsFor('image', image));
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'upload', status: 200 });
    expect(endpoint.files.get(`image/${result.publicId}`)).toBeDefined();
    await uploader.remove(result.publicId, 'image');
  });

  it('upload - a wrong secret is refused (401) and rejects with a DependencyError that names no secret', async () => {
    const wrongSecret = 'wrong-secret-LEAK-CHECK-77';
    const uploader = cloudinaryUploader({ ...ACCOUNT, apiSecret: wrongSecret, uploadPrefix: endpoint.url });
    const before = endpoint.files.size;
    const error = await uploader.upload(streamOf(image.bytes), optionsFor('image', image)).catch((e: unknown) => e);
    expect(error).toMatchObject(refused);
    expect((error as Error).message).toMatch(/refused the credentials/);
    for (const text of [(error as Error).message, String((error as Error).cause), JSON.stringify(error)]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(ACCOUNT.apiSecret);
    }
    expect(endpoint.requests.at(-1)).toMatchObject({ action: 'upload', status: 401 });
    expect(endpoint.files.size).toBe(before);
  });

  it('upload - an unknown API key is refused the same way', async () => {
    const uploader = cloudinaryUploader({ ...ACCOUNT, apiKey: 'someone-else', uploadPrefix: endpoint.url });
    await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).rejects.toMatchObject(refused);
    expect(endpoint.requests.at(-1)).toMatchObject({ status: 401 });
  });

  it('upload - a signature made with another algorithm than the account\'s is refused', async () => {
    const uploader = cloudinaryUploader({ ...ACCOUNT, uploadPrefix: endpoint.url }, { signatureAlgorithm: 'sha256' });
    await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).rejects.toMatchObject(refused);
  });

  it('upload - an account set to sha256 signatures works with signatureAlgorithm: sha256', async () => {
    const sha256 = await startLoopbackCloudinary({ ...ACCOUNT, signatureAlgorithm: 'sha256' });
    try {
      const uploader = cloudinaryUploader(sha256.cloudinaryUrl, { signatureAlgorithm: 'sha256' });
      await expect(uploader.upload(streamOf(image.bytes), optionsFor('image', image))).resolves.toMatchObject({ bytes: image.bytes.length });
    } finally {
      await sha256.close();
    }
  });

  it('remove and ping - a wrong secret rejects with a DependencyError too', async () => {
    const uploader = cloudinaryUploader({ ...ACCOUNT, apiSecret: 'wrong', uploadPrefix: endpoint.url });
    await expect(uploader.remove('vaultkit/users/u1/anything', 'image')).rejects.toMatchObject(refused);
    await expect(uploader.ping!()).rejects.toMatchObject(refused);
    expect(endpoint.requests.slice(-2).map((r) => [r.action, r.status])).toEqual([
      ['destroy', 401],
      ['destroy', 401],
    ]);
  });

  it('two uploaders on two accounts in one process each sign with their own secret', async () => {
    const other = await startLoopbackCloudinary({ apiKey: 'other-key', apiSecret: 'other-secret-0001', cloudName: 'other-cloud' });
    try {
      const mine = cloudinaryUploader(endpoint.cloudinaryUrl);
      const theirs = cloudinaryUploader(other.cloudinaryUrl);
      const [a, b] = await Promise.all([
        mine.upload(streamOf(image.bytes), optionsFor('image', image)),
        theirs.upload(streamOf(image.bytes), optionsFor('image', image)),
      ]);
      expect(a.url.startsWith(`${endpoint.url}/${ACCOUNT.cloudName}/`)).toBe(true);
      expect(b.url.startsWith(`${other.url}/other-cloud/`)).toBe(true);
      await Promise.all([mine.remove(a.publicId, 'image'), theirs.remove(b.publicId, 'image')]);
    } finally {
      await other.close();
    }
  });
});
