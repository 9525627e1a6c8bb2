import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AssetKind } from '../ports/storage.js';

/**
 * A `multipart/form-data` body kind of an operation's declaration: text fields and at most one
 * file, parsed once by the core (busboy) for every framework. The text fields and the file are
 * merged into the operation's input under their field names, so the input schema validates them
 * like any other input; the file field is declared there with `fileInput()`.
 */
export interface MultipartBody {
  readonly type: 'multipart';
  /** The form field that carries the file. */
  readonly file: string;
  /** The kinds the file may be: the OpenAPI document lists their MIME types, the parser caps the size. */
  readonly kinds: readonly AssetKind[];
  /** Whether a JSON body (without a file) is accepted too. */
  readonly json: boolean;
}

/** What `multipart()` takes. */
export interface MultipartSpec {
  /** The form field of the file. @default "file" */
  file?: string;
  /** The kinds the file may be. */
  kinds: readonly AssetKind[];
  /** Accept `application/json` too (the file is then absent): registration keeps its JSON form. @default false */
  json?: boolean;
}

/**
 * Declares a multipart body for an operation's `http.body`. Text fields must come before the
 * file in the form (a field after it is refused), and empty text fields count as absent (an
 * HTML form sends its empty inputs).
 *
 * @example
 * defineOperation({
 *   name: 'users.setAvatar', auth: 'user', rateLimit: 'upload', input: z.object({ file: fileInput() }), …,
 *   http: { method: 'PUT', path: '/users/me/avatar', body: multipart({ kinds: ['image'] }) },
 *   run: async (vault, input, call) => … storeUpload(vault, input.file, { folder, kinds: ['image'] }) …,
 * });
 */
export function multipart(spec: MultipartSpec): MultipartBody {
  const file = spec.file ?? 'file';
  if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(file)) throw new TypeError(`multipart(): "${file}" is not a form field name (letters, digits, _)`);
  if (!Array.isArray(spec.kinds) || spec.kinds.length === 0) throw new TypeError('multipart(): kinds must list "image" and/or "video"');
  return Object.freeze({ type: 'multipart', file, kinds: Object.freeze([...spec.kinds]), json: spec.json ?? false });
}

/** What a file input accepts: the stream of an HTTP upload, or, from code, a stream or the bytes. */
export type UploadSource = Readable | Uint8Array;

/** Whether a value can be uploaded (a readable Node stream or bytes). */
export function isUploadSource(value: unknown): value is UploadSource {
  return value instanceof Uint8Array || value instanceof Readable || (typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function' && typeof (value as Readable).on === 'function' && 'readable' in value);
}

/**
 * The zod schema of a file field in an operation's input: over HTTP the core puts the upload's
 * stream there; from code, pass a `Readable` (`fs.createReadStream(path)`) or the bytes.
 * `.optional()` makes the file optional. JSON can never fill it.
 *
 * @example
 * const input = z.object({ title: z.string(), file: fileInput() });
 */
export function fileInput() {
  return z
    .custom<UploadSource>(isUploadSource, { message: 'must be a file' })
    .meta({ type: 'string', format: 'binary', description: 'The file (multipart/form-data); its type is read from its bytes' });
}
