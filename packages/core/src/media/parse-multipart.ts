import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { VaultError } from '../errors/vault-error.js';
import type { VaultRequest } from '../http/types.js';
import { uploadInterrupted } from './store-upload.js';
import { firstHeader } from '../http/first-header.js';

/** The limits of one multipart form. */
export interface MultipartLimits {
  /** The largest text field (413 beyond). */
  maxFieldBytes: number;
  /** The most parts, text fields and file together (413 beyond). */
  maxParts: number;
  /** The largest file the route accepts at all (the per-kind limit is checked by `storeUpload`). */
  maxFileBytes: number;
}

/** A form being read: its text fields, and the file as a stream that the handler consumes. */
export interface MultipartForm {
  /** The text fields that came before the file (null prototype; empty ones left out). */
  fields: Record<string, string>;
  /**
   * The file's bytes, or `null` when the form has none. The stream ends only once the whole
   * form was read and found sound, and errors (a `VaultError`, 400 or 413) when it is not or
   * when the client goes away, so an upload that resolved had a complete, valid form behind it.
   */
  file: Readable | null;
  /** `true` once the body was read to its end (the connection can be reused). */
  readonly complete: boolean;
  /** Stops reading (the handler is done or failed before the end); the caller discards the rest. */
  abort(): void;
}

/** Field names that could reach an object's prototype if used as keys. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Starts reading a `multipart/form-data` body with busboy and resolves as soon as the file
 * begins (or, without a file, when the body ends), so the file is never buffered whole and no
 * temp file is written. One file per form, in `fileField`; text fields must come before it.
 * Refused: another content type or an encoded body (415), no boundary or a malformed body (400),
 * too many parts or a text field over the limit (413). Text beyond what the parts allow is
 * refused while it arrives, not after a 10 MB field was read.
 *
 * @example
 * const form = await readMultipart(req, { fileField: 'file', limits, tooLarge: () => new VaultError('PAYLOAD_TOO_LARGE') });
 * try { … consume form.file … } finally { if (!form.complete) form.abort(); }
 */
export function readMultipart(
  req: Pick<VaultRequest, 'body' | 'headers'>,
  options: { fileField: string; limits: MultipartLimits; tooLarge: () => VaultError },
): Promise<MultipartForm> {
  const { fileField, limits } = options;
  const encoding = firstHeader(req.headers, 'content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') throw new VaultError('UNSUPPORTED_MEDIA_TYPE');
  const contentType = firstHeader(req.headers, 'content-type');
  if (!isMultipart(contentType)) throw new VaultError('UNSUPPORTED_MEDIA_TYPE', { message: 'Send the file as multipart/form-data' });
  // Field text and part headers together; a form needs far less than this.
  const textBudget = limits.maxParts * (limits.maxFieldBytes + 1024);
  const declared = Number(firstHeader(req.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limits.maxFileBytes + textBudget) throw new VaultError('PAYLOAD_TOO_LARGE');
  const source = req.body;
  if (!source) throw malformed();

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: {
        fieldNameSize: 100,
        fieldSize: limits.maxFieldBytes,
        fields: limits.maxParts,
        files: 1,
        // busboy signals `parts` when that many have ended: one more means one too many.
        parts: limits.maxParts + 1,
        // One byte over the largest allowed file is enough to know it is too large.
        fileSize: limits.maxFileBytes + 1,
        headerPairs: 20,
      },
    });
  } catch (cause) {
    throw new VaultError('BAD_REQUEST', { message: 'The multipart body has no boundary', cause });
  }

  return new Promise<MultipartForm>((resolve, reject) => {
    const fields: Record<string, string> = Object.create(null);
    let file: PassThrough | null = null;
    let settled = false;
    let failed = false;
    let complete = false;
    let received = 0;
    let afterFile = -1;

    const form: MultipartForm = {
      fields,
      get file() {
        return file;
      },
      get complete() {
        return complete;
      },
      abort: () => stop(new VaultError('BAD_REQUEST', { message: 'The request was not read to its end' })),
    };
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve(form);
    };
    function stop(error: VaultError): void {
      if (failed || complete) return;
      failed = true;
      source!.unpipe(parser);
      source!.off('data', onData);
      // Not from inside one of busboy's own events: it goes on using its state after emitting.
      process.nextTick(() => parser.destroy());
      file?.destroy(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
    }
    function onData(chunk: Buffer | string): void {
      received += chunk.length;
      // Registered after the pipe: busboy has already parsed the chunk (it has no backpressure
      // before the file starts), so a file that began in it is known here.
      if (!file && received > textBudget) stop(new VaultError('PAYLOAD_TOO_LARGE', { message: 'The form fields are too large' }));
      else if (afterFile >= 0 && received - afterFile > limits.maxFieldBytes + 4096) stop(fieldAfterFile());
    }

    parser.on('field', (name, value, info) => {
      if (failed) return;
      if (file) return stop(fieldAfterFile());
      if (info.nameTruncated || FORBIDDEN_NAMES.has(name)) return stop(new VaultError('BAD_REQUEST', { message: 'A form field name is not allowed' }));
      if (info.valueTruncated) return stop(new VaultError('PAYLOAD_TOO_LARGE', { message: `A text field is larger than ${limits.maxFieldBytes} bytes` }));
      if (Object.hasOwn(fields, name)) return stop(new VaultError('BAD_REQUEST', { message: 'A form field is given twice', details: [{ path: name, message: 'is given twice' }] }));
      if (value !== '') fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      stream.on('error', () => {});
      if (failed) return void stream.resume();
      if (name !== fileField) {
        stream.resume();
        return stop(new VaultError('BAD_REQUEST', { message: `The file must be sent in the "${fileField}" field` }));
      }
      const out = new PassThrough();
      // Whoever consumes it listens too; this keeps an unconsumed stream's error from crashing the process.
      out.on('error', () => {});
      file = out;
      stream.on('limit', () => stop(options.tooLarge()));
      stream.once('end', () => {
        afterFile = received;
      });
      // The end is held back until the whole form is read (see `file`).
      stream.pipe(out, { end: false });
      settle();
    });
    parser.on('filesLimit', () => stop(new VaultError('BAD_REQUEST', { message: 'Send one file per request' })));
    parser.on('fieldsLimit', () => stop(tooManyParts()));
    parser.on('partsLimit', () => stop(tooManyParts()));
    parser.on('error', (cause: unknown) => stop(malformed(cause)));
    parser.on('finish', () => {
      if (failed) return;
      complete = true;
      file?.end();
      settle();
    });
    // A client that goes away mid-body: the file stream errors, so the upload is aborted.
    source.on('error', () => stop(uploadInterrupted()));
    source.on('close', () => {
      if (!source.readableEnded) stop(uploadInterrupted());
    });
    source.pipe(parser);
    source.on('data', onData);
  });
}

// --- internal ---


function isMultipart(contentType: string | undefined): contentType is string {
  return contentType?.split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';
}

function malformed(cause?: unknown): VaultError {
  return new VaultError('BAD_REQUEST', { message: 'The multipart body is malformed', cause });
}

function tooManyParts(): VaultError {
  return new VaultError('PAYLOAD_TOO_LARGE', { message: 'The form has too many parts' });
}

function fieldAfterFile(): VaultError {
  return new VaultError('BAD_REQUEST', { message: 'Text fields must come before the file' });
}
