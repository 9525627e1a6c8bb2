import { uploaderContract } from '@vaultkit/testkit';
import { afterAll, beforeAll } from 'vitest';
import { cloudinaryUploader } from '../src/index.js';
import { startLoopbackCloudinary, type LoopbackCloudinary } from './loopback-endpoint.js';

let endpoint: LoopbackCloudinary;
beforeAll(async () => {
  endpoint = await startLoopbackCloudinary({ apiKey: 'contract-key', apiSecret: 'contract-secret-0123456789', cloudName: 'vaultkit-contract' });
});
afterAll(() => endpoint.close());

uploaderContract('cloudinary (loopback endpoint)', () => cloudinaryUploader(endpoint.cloudinaryUrl), {
  // Stored files are read back at their secure_url (the default `read`).
  list: async (folder) => [...endpoint.files.values()].filter((file) => file.publicId.startsWith(`${folder}/`)).map((file) => file.publicId),
});
