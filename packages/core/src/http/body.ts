import type { Readable } from 'node:stream';
import type { VaultConfig } from '../config/resolve.js';
import { VaultError } from '../errors/vault-error.js';
import type { MultipartBody } from '../media/multipart-body.js';
import { readMultipart, type MultipartForm } from '../media/parse-multipart.js';
import { fileTooLarge } from '../media/store-upload.js';
import type { VaultRequest } from './types.js';
import { firstHeader } from './first-header.js';

/** The largest JSON body the core reads. */
export const MAX_JSON_BODY_BYTES = 100 * 1024;

/**
 * Reads and parses a JSON request body: at most `limit` bytes (413 `PAYLOAD_TOO_LARGE`, the rest
 * is discarded unread), `application/json` or `*+json` only (415), malformed JSON 400
 * `BAD_REQUEST`, an empty body `{}`. Keys that could pollute prototypes (`__proto__`,
 * `constructor.prototype`) are refused with 400.
 *
 * @example
 * const raw = await readJsonBody(request); // then validate with the route's zod schema
 */
export async function readJsonBody(req: Pick<VaultRequest, 'body' | 'headers'>, limit: number = MAX_JSON_BODY_BYTES): Promise<unknown> {
  // A refused body is left unread here: the caller discards it (`discardBody`).
  const declared = Number(firstHeader(req.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new VaultError('PAYLOAD_TOO_LARGE');
  const encoding = firstHeader(req.headers, 'content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw new VaultError('UNSUPPORTED_MEDIA_TYPE');
  const buffer = req.body ? await readLimited(req.body, limit) : Buffer.alloc(0);
  if (buffer.length === 0) return {};
  if (!isJsonType(firstHeader(req.headers, 'content-type'))) throw new VaultError('UNSUPPORTED_MEDIA_TYPE');
  return parseJson(buffer);
}

/**
 * Reads the body of a multipart route: the form's text fields with the file stream under the
 * file field (`form` to finish or abort it), or, when the route takes JSON too and the request
 * is not multipart, the JSON body (`form` is then `null`). The file is not read here: the
 * handler streams it (`storeUpload`).
 *
 * @example
 * const { raw, form } = await readFormBody(req, { spec, media: config.media });
 */
export async function readFormBody(
  req: Pick<VaultRequest, 'body' | 'headers'>,
  options: { spec: MultipartBody; media: VaultConfig['media'] },
): Promise<{ raw: unknown; form: MultipartForm | null }> {
  const { spec, media } = options;
  const type = firstHeader(req.headers, 'content-type')?.split(';')[0]!.trim().toLowerCase();
  if (spec.json && type !== 'multipart/form-data') return { raw: await readJsonBody(req), form: null };
  const maxFileBytes = Math.max(...spec.kinds.map((kind) => media.maxBytes[kind]));
  const limits = { maxFieldBytes: media.maxFieldBytes, maxParts: media.maxParts, maxFileBytes };
  // Past the largest limit of the route's kinds: the same 413 that `storeUpload` gives.
  const tooLarge = () => fileTooLarge(spec.kinds.length === 1 ? spec.kinds[0]! : 'file', maxFileBytes);
  const form = await readMultipart(req, { fileField: spec.file, limits, tooLarge });
  const raw: Record<string, unknown> = { ...form.fields };
  if (form.file) raw[spec.file] = form.file;
  return { raw, form };
}

/** How much of an unread body is read and thrown away to keep the connection reusable. */
export const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * Discards what is left of a body that was not (fully) read: no body schema, or refused. A body
 * that declares at most `maxBytes` is read and thrown away without buffering, and `true` says
 * the connection can be reused. A larger one is not read at all and `false` says the answer
 * must carry `Connection: close` (the server then closes the socket once the answer is out, so
 * nobody can make it swallow gigabytes, and the client still gets its 413). A chunked body that
 * lies its way past `maxBytes` is destroyed.
 */
export function discardBody(req: Pick<VaultRequest, 'body' | 'headers'>, maxBytes: number = MAX_DRAIN_BYTES): boolean {
  const stream = req.body;
  if (!stream || stream.destroyed || stream.readableEnded) return true;
  stream.removeAllListeners('data');
  stream.on('error', () => {});
  const declared = Number(firstHeader(req.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    stream.pause();
    return false;
  }
  let seen = 0;
  stream.on('data', (chunk: Buffer | string) => {
    seen += chunk.length;
    if (seen > maxBytes) stream.destroy();
  });
  stream.resume();
  return true;
}

/** Parses JSON text and refuses prototype-polluting keys (400 `BAD_REQUEST`). */
export function parseJson(buffer: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(buffer.toString('utf8'));
  } catch {
    throw new VaultError('BAD_REQUEST', { message: 'The request body is not valid JSON' });
  }
  if (hasPollutingKey(value)) throw new VaultError('BAD_REQUEST', { message: 'The request body contains a forbidden key' });
  return value;
}

// --- internal ---


/** `application/json` or any `+json` type; parameters such as charset are ignored. */
function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        // Stop buffering; the caller discards the rest (`discardBody`) so the 413 still goes out.
        stream.pause();
        reject(new VaultError('PAYLOAD_TOO_LARGE'));
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(new VaultError('BAD_REQUEST', { cause: error }));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    if (stream.readableEnded) onEnd();
  });
}

/** Walks the parsed value iteratively (deep nesting cannot overflow the call stack). */
function hasPollutingKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(node, '__proto__')) return true;
    const ctor = (node as Record<string, unknown>).constructor;
    if (Object.prototype.hasOwnProperty.call(node, 'constructor') && typeof ctor === 'object' && ctor !== null && 'prototype' in ctor) return true;
    for (const key of Object.keys(node)) stack.push((node as Record<string, unknown>)[key]);
  }
  return false;
}
