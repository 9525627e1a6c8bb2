import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import { localDiskUploader, type LocalDiskUploader, type UploadContext, type VaultOptions, type VaultResponse } from '../../src/index.js';
import { makeVault, signUp, type TestVault } from '../helpers/vault.js';

/** A 1×1 PNG (a real, decodable image). */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
/** A 1×1 GIF. */
export const GIF = Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');
/** A JPEG's first bytes (SOI + JFIF APP0) and its end marker. */
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
/** The start of an MP4 (an `ftyp` box with the isom brand). */
export const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'), Buffer.alloc(64)]);
/** An ELF executable's header. */
export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
/** An SVG that carries a script. */
export const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(document.cookie)</script></svg>');

/** `bytes` long, starting with a real image's bytes (file-type reads only the start). */
export function sized(image: Buffer, bytes: number): Buffer {
  const out = Buffer.alloc(bytes, 0x41);
  image.copy(out, 0, 0, Math.min(image.length, bytes));
  return out;
}

export const BOUNDARY = '----vaultkit-test-boundary-7MA4YWxkTrZu0gW';

export type Part = { name: string; value: string } | { name: string; filename?: string; type?: string; data: Buffer };

/** A `multipart/form-data` body built by hand, as a browser would send it. */
export function formBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(part.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh, empty folder removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vaultkit-media-test-'));
  dirs.push(dir);
  return dir;
}

/** Every file under `dir`, as paths relative to it (sorted). */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** A vault on the embedded defaults with a local-disk uploader in its own temp folder. */
export async function makeMediaVault(overrides: Partial<VaultOptions> = {}): Promise<TestVault & { dir: string; uploader: LocalDiskUploader }> {
  const dir = await tempDir();
  const uploader = localDiskUploader({ directory: dir, baseUrl: '/uploads' });
  const t = makeVault({ uploader, ...overrides });
  return Object.assign(t, { dir, uploader });
}

/** What `storeUpload` takes, around a vault's uploader and limits; `errors` collects what it logs. */
export function uploadContext(t: { uploader: UploadContext['uploader']; vault: { config: UploadContext['config'] } }) {
  const errors: unknown[] = [];
  const ctx: UploadContext = { uploader: t.uploader, config: t.vault.config, logger: { warn: () => {}, error: (_m, e) => errors.push(e) } };
  return Object.assign(ctx, { errors });
}

/** A signed-in user's bearer token. */
export async function tokenOf(t: TestVault, email = 'ada@example.com'): Promise<string> {
  return (await signUp(t, email)).tokens.accessToken;
}

export interface SendOptions {
  token?: string;
  /** The raw body: bytes, or a stream that the test controls. */
  body?: Buffer | Readable;
  headers?: Record<string, string>;
}

/** Runs one route through the neutral HTTP layer with a raw body, as an adapter would. */
export async function send(t: TestVault, request: string, options: SendOptions = {}): Promise<VaultResponse & { json: any }> {
  const [method, path] = request.split(' ') as [string, string];
  const route = t.vault.routes.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${request}`);
  const headers: Record<string, string> = { 'content-type': FORM_TYPE, ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.body === undefined ? null : Buffer.isBuffer(options.body) ? Readable.from([options.body], { objectMode: false }) : options.body;
  const response = await t.vault.http.handle(route, { method, params: {}, query: {}, headers, body, remoteAddress: '203.0.113.9', encrypted: false });
  return Object.assign(response, { json: response.body as any });
}
