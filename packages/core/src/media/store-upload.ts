import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import type { VaultContext } from '../context.js';
import { newId } from '../crypto/random.js';
import { DependencyError, VaultError } from '../errors/vault-error.js';
import type { AssetKind } from '../ports/storage.js';
import type { UploadResult } from '../ports/uploader.js';
import type { UploadSource } from './multipart-body.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';

/** What `storeUpload` needs of the vault: the uploader, the size limits and where to log. */
export interface UploadContext {
  uploader: VaultContext['uploader'];
  config: { media: Pick<VaultContext['config']['media'], 'maxBytes'> };
  logger: VaultContext['logger'];
}

export interface StoreUploadOptions {
  /** Where the file goes: `userFolder(userId)`. */
  folder: string;
  /** The kinds accepted here; any other kind, and anything not recognised, is 415. */
  kinds: readonly AssetKind[];
  /** Aborts the upload (a timeout of your own); the source failing or closing early aborts it too. */
  signal?: AbortSignal;
}

/** A stored file: the uploader's answer with the kind, format and MIME type read from its bytes. */
export interface StoredUpload extends UploadResult {
  kind: AssetKind;
  /** The sniffed format (`jpeg`, `png`, …), whatever name the backend uses for it. */
  format: string;
  contentType: string;
}

/**
 * The one upload flow (avatar, cover, assets): reads the first bytes, recognises the format from
 * them (415 when it is not allowed here), then streams the file to the uploader under a
 * server-chosen name, counting bytes as they flow: past the kind's limit
 * (`config.media.maxBytes`) the uploader's signal aborts and the call fails with 413 before the
 * rest is read. A source that errors or ends early (the client went away) aborts it the same way,
 * and the uploader removes what it wrote. Nothing is saved by this function: save the metadata
 * with `keepUpload`, which removes the file again when saving fails.
 *
 * @example
 * const upload = await storeUpload(vault, input.file, { folder: userFolder(userId), kinds: ['image', 'video'] });
 * const asset = await keepUpload(vault, upload, () => vault.storage.assets.create(toRecord(upload)));
 */
export async function storeUpload(ctx: UploadContext, source: UploadSource, options: StoreUploadOptions): Promise<StoredUpload> {
  const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)], { objectMode: false }) : source;
  const controller = new AbortController();
  let failure: Error | null = null;
  let body: Transform | null = null;
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    if (body) {
      input.unpipe(body);
      body.destroy(error);
    }
    controller.abort(error);
  };
  const onError = (error: unknown) => fail(error instanceof VaultError ? error : uploadInterrupted(error));
  const onClose = () => {
    if (!input.readableEnded) fail(uploadInterrupted());
  };
  const onAbort = () => fail(options.signal?.reason instanceof Error ? options.signal.reason : uploadInterrupted());
  input.on('error', onError);
  input.on('close', onClose);
  // The form may have failed (or the client left) before the handler got here: no event will come.
  if (input.errored) onError(input.errored);
  else if (input.destroyed && !input.readableEnded) onClose();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  try {
    const head = await readHead(input, controller.signal);
    const sniffed = await sniffFormat(head);
    if (failure) throw failure;
    if (!sniffed || !options.kinds.includes(sniffed.kind)) throw unsupported(options.kinds);
    const { kind, format, contentType } = sniffed;
    const limit = ctx.config.media.maxBytes[kind];
    let bytes = 0;
    body = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > limit) {
          callback();
          fail(fileTooLarge(kind, limit));
          return;
        }
        callback(null, chunk);
      },
    });
    body.on('error', () => {});
    body.write(head);
    input.pipe(body);
    let result: UploadResult;
    try {
      result = await ctx.uploader.upload(body, { folder: options.folder, kind, format, contentType, filename: newId(), signal: controller.signal });
    } catch (error) {
      throw failure ?? fromUploader(ctx, error);
    }
    // An uploader that resolved although it was aborted, or before reading to the end, kept a file it must not.
    if (failure || !body.readableEnded) {
      await removeUploadQuietly(ctx, { publicId: result.publicId, kind });
      throw failure ?? new DependencyError('uploader');
    }
    return { ...result, kind, format, contentType };
  } catch (error) {
    // Whatever is left of the source is not read: the caller's stream is closed.
    input.destroy();
    body?.destroy();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs `save` (storing the metadata of an upload); when it throws, removes the uploaded file
 * again and rethrows, so no file outlives a failed save.
 *
 * @example
 * const swapped = await keepUpload(vault, upload, () => vault.storage.users.replaceMedia(id, 'avatar', ref, now));
 */
export async function keepUpload<T>(ctx: UploadContext, upload: Pick<StoredUpload, 'publicId' | 'kind'>, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    await removeUploadQuietly(ctx, upload);
    throw error;
  }
}

/**
 * Removes an uploaded file; a failure is logged, not thrown (the caller has already decided).
 *
 * @example
 * if (previous) await removeUploadQuietly(vault, { publicId: previous.publicId, kind: 'image' });
 */
export async function removeUploadQuietly(ctx: Pick<UploadContext, 'uploader' | 'logger'>, file: { publicId: string; kind: AssetKind }): Promise<void> {
  try {
    await ctx.uploader.remove(file.publicId, file.kind);
  } catch (error) {
    ctx.logger.error('could not remove an uploaded file', error);
  }
}

/**
 * The folder of a user's files (`users/<id>`). An id with characters a path or a public id
 * should not carry is replaced by its hash, so any storage's ids are safe here.
 *
 * @example
 * userFolder('3f1c…') // 'users/3f1c…'
 */
export function userFolder(userId: string): string {
  const safe = /^[A-Za-z0-9_-]{1,64}$/.test(userId) ? userId : createHash('sha256').update(userId).digest('base64url').slice(0, 32);
  return `users/${safe}`;
}

/** The 413 of a file over its limit (`kind` is `"file"` when the kind is not known yet). */
export function fileTooLarge(kind: AssetKind | 'file', limit: number): VaultError {
  return new VaultError('PAYLOAD_TOO_LARGE', { message: `The ${kind} is larger than ${formatBytes(limit)}` });
}

/** The 400 of an upload whose client went away (or whose stream failed) before the end. */
export function uploadInterrupted(cause?: unknown): VaultError {
  return new VaultError('BAD_REQUEST', { message: 'The upload was interrupted', cause });
}

// --- internal ---

/** The first `SNIFF_BYTES` (or fewer, for a shorter file) without losing them: they go to the uploader first. */
function readHead(stream: Readable, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (error?: unknown) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      signal.removeEventListener('abort', onAbort);
      stream.pause();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, length));
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      length += buffer.length;
      if (length >= SNIFF_BYTES) finish();
    };
    const onEnd = () => finish();
    const onAbort = () => finish(signal.reason);
    if (signal.aborted) return onAbort();
    if (stream.readableEnded) return finish();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('end', onEnd);
    stream.on('data', onData);
  });
}

function unsupported(kinds: readonly AssetKind[]): VaultError {
  const allowed = kinds.map((kind) => (kind === 'image' ? 'JPEG, PNG, WebP, GIF or AVIF images' : 'MP4, WebM or QuickTime videos')).join(' or ');
  return new VaultError('UNSUPPORTED_MEDIA_TYPE', { message: `The file type is not allowed here: send ${allowed}` });
}

/** Errors of the uploader: its own `VaultError`s as they are, anything else a 503 (and logged). */
function fromUploader(ctx: UploadContext, error: unknown): Error {
  if (error instanceof VaultError) return error;
  ctx.logger.error('upload failed', error);
  return new DependencyError('uploader', { cause: error });
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}
