import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { rm } from 'node:fs/promises';
import { readForm, type FileTarget } from './multipart.js';
import { signatureMatches, signParams, stringToSign, type SignatureAlgorithm } from './signature.js';
import { sniff } from './sniff.js';
import type { DiskStore, LoopbackFile } from './store.js';

export interface ApiContext {
  store: DiskStore;
  apiKey: string;
  apiSecret: string;
  algorithm: SignatureAlgorithm;
  pendingTtlMs: number;
}

/** An answer, plus the form fields it was given (logged without `signature` and `api_key`). */
export interface ApiAnswer {
  status: number;
  body: unknown;
  fields: Record<string, string>;
}

/**
 * `POST /v1_1/<cloud>/<resource_type>/upload`: one signed request, or one chunk of a chunked
 * upload (`X-Unique-Upload-Id` + `Content-Range: bytes <start>-<end>/<total or -1>`; the chunk
 * that completes the total creates the resource). Rejects when the request is cut off; whatever
 * it had written is dropped (a cut chunk drops its whole chunked upload).
 */
export async function upload(req: IncomingMessage, ctx: ApiContext, resourceType: string): Promise<ApiAnswer> {
  const uploadId = header(req, 'x-unique-upload-id');
  if (uploadId === undefined) return single(req, ctx, resourceType);
  const range = /^bytes (\d+)-(\d+)\/(\d+|-1)$/.exec(header(req, 'content-range') ?? '');
  if (!range) return drained(req, answer(400, 'Invalid Content-Range header', {}));
  return chunk(req, ctx, { resourceType, uploadId, start: Number(range[1]), end: Number(range[2]), total: Number(range[3]) });
}

/** `POST /v1_1/<cloud>/<resource_type>/destroy`: `{ result: 'ok' }`, or `'not found'` (still 200). */
export async function destroy(req: IncomingMessage, ctx: ApiContext, resourceType: string): Promise<ApiAnswer> {
  const { fields } = await readForm(req, () => null);
  const refused = checkAuth(fields, ctx);
  if (refused) return { ...refused, fields };
  if (!fields.public_id) return answer(400, 'Missing required parameter - public_id', fields);
  if (fields.type && fields.type !== 'upload') return { status: 200, body: { result: 'not found' }, fields };
  const removed = await ctx.store.remove(resourceType, fields.public_id);
  return { status: 200, body: { result: removed ? 'ok' : 'not found' }, fields };
}

/** Answers like Cloudinary: `{ error: { message } }`. */
export function errorBody(message: string): { error: { message: string } } {
  return { error: { message } };
}

// --- internal ---

async function single(req: IncomingMessage, ctx: ApiContext, resourceType: string): Promise<ApiAnswer> {
  const path = ctx.store.tempPath();
  try {
    const form = await readForm(req, (fields) => (checkAuth(fields, ctx) ? null : { path, flags: 'w' }));
    const refused = checkAuth(form.fields, ctx);
    if (refused) return { ...refused, fields: form.fields };
    if (form.fileBytes === null) return answer(400, 'Missing required parameter - file', form.fields);
    const sniffed = sniff(form.head);
    if (!sniffed || sniffed.resourceType !== resourceType) return answer(400, `Invalid ${resourceType} file`, form.fields);
    const file = await ctx.store.commit(path, { publicId: publicIdOf(form.fields), sniffed, bytes: form.fileBytes, chunked: false });
    return { status: 200, body: uploadResult(file, form.fields), fields: form.fields };
  } finally {
    await rm(path, { force: true });
  }
}

interface ChunkInfo {
  resourceType: string;
  uploadId: string;
  start: number;
  end: number;
  total: number;
}

async function chunk(req: IncomingMessage, ctx: ApiContext, info: ChunkInfo): Promise<ApiAnswer> {
  const { store } = ctx;
  const target = (fields: Record<string, string>): FileTarget => {
    if (checkAuth(fields, ctx)) return null;
    const pending = store.pending.get(info.uploadId);
    if (!pending && info.start === 0) {
      const path = store.tempPath();
      store.pending.set(info.uploadId, { path, received: 0, head: Buffer.alloc(0), timer: expiry(ctx, info.uploadId) });
      return { path, flags: 'w' };
    }
    return pending && pending.received === info.start ? { path: pending.path, flags: 'a' } : null;
  };
  let form;
  try {
    form = await readForm(req, target);
  } catch (error) {
    store.dropPending(info.uploadId);
    throw error;
  }
  const refused = checkAuth(form.fields, ctx);
  if (refused) return { ...refused, fields: form.fields };
  const pending = store.pending.get(info.uploadId);
  if (!pending || pending.received !== info.start) return answer(400, 'Chunk out of order', form.fields);
  if (form.fileBytes !== info.end - info.start + 1) {
    store.dropPending(info.uploadId);
    return answer(400, 'Chunk size does not match Content-Range', form.fields);
  }
  if (info.start === 0) pending.head = form.head;
  pending.received += form.fileBytes;
  pending.timer.refresh();
  if (info.total === -1 || pending.received < info.total) return { status: 200, body: { done: false, bytes: pending.received }, fields: form.fields };

  clearTimeout(pending.timer);
  store.pending.delete(info.uploadId);
  const sniffed = sniff(pending.head);
  if (!sniffed || sniffed.resourceType !== info.resourceType) {
    await rm(pending.path, { force: true });
    return answer(400, `Invalid ${info.resourceType} file`, form.fields);
  }
  const file = await store.commit(pending.path, { publicId: publicIdOf(form.fields), sniffed, bytes: pending.received, chunked: true });
  return { status: 200, body: uploadResult(file, form.fields), fields: form.fields };
}

/** `null` when the form is signed by the account; otherwise Cloudinary's answer. */
function checkAuth(fields: Record<string, string>, ctx: ApiContext): { status: number; body: unknown } | null {
  if (fields.api_key !== ctx.apiKey) return { status: 401, body: errorBody(`Unknown API key ${fields.api_key ?? ''}`.trim()) };
  const timestamp = Number(fields.timestamp);
  if (!Number.isFinite(timestamp)) return { status: 400, body: errorBody('Missing required parameter - timestamp') };
  if (Math.abs(Date.now() / 1000 - timestamp) > 3600) return { status: 400, body: errorBody('Stale request - reported time is more than 1 hour away') };
  const expected = signParams(fields, ctx.apiSecret, ctx.algorithm);
  if (signatureMatches(fields.signature, expected)) return null;
  return { status: 401, body: errorBody(`Invalid Signature ${fields.signature ?? ''}. String to sign - '${stringToSign(fields)}'.`) };
}

/** Fixed-folder semantics: `folder` + `public_id` → `<folder>/<public_id>`; a random id without one. */
function publicIdOf(fields: Record<string, string>): string {
  const id = fields.public_id || randomBytes(10).toString('hex');
  return fields.folder ? `${fields.folder.replace(/\/+$/, '')}/${id}` : id;
}

function uploadResult(file: LoopbackFile, fields: Record<string, string>): Record<string, unknown> {
  return {
    asset_id: randomBytes(16).toString('hex'),
    public_id: file.publicId,
    version: file.version,
    signature: randomBytes(20).toString('hex'),
    ...(file.width !== undefined ? { width: file.width, height: file.height } : {}),
    format: file.format,
    resource_type: file.resourceType,
    created_at: new Date().toISOString(),
    tags: [],
    bytes: file.bytes,
    type: 'upload',
    placeholder: false,
    url: file.url,
    secure_url: file.url,
    asset_folder: fields.folder ?? '',
    original_filename: 'file',
  };
}

function expiry(ctx: ApiContext, uploadId: string): NodeJS.Timeout {
  return setTimeout(() => ctx.store.dropPending(uploadId), ctx.pendingTtlMs).unref();
}

function answer(status: number, message: string, fields: Record<string, string>): ApiAnswer {
  return { status, body: errorBody(message), fields };
}

/** The answer, once the request body was read to its end (the client then sees it, not a reset). */
export async function drained(req: IncomingMessage, reply: ApiAnswer): Promise<ApiAnswer> {
  req.resume();
  if (!req.readableEnded) await new Promise((resolve) => req.once('end', resolve).once('close', resolve));
  return reply;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
