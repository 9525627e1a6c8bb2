import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Answer, CallOptions, Ctx } from './harness.js';

/** The boundary of the forms the suite builds. */
export const BOUNDARY = '----vaultkit-conformance-7MA4YWxkTrZu0gW';
/** The `Content-Type` of those forms. */
export const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** One form part: a text field, or a file with the name and type the client claims. */
export type Part = { name: string; value: string } | { name: string; filename?: string; type?: string; data: Uint8Array };

/**
 * A `multipart/form-data` body built by hand, byte for byte as a browser sends it (`FormData`
 * would re-encode hostile file names and could not leave the boundary out).
 */
export function formBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
      const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`;
      chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** The head of a form whose only part is a file in `file`, for bodies the test streams itself. */
export function fileHead(filename = 'a.png', type = 'image/png'): Buffer {
  return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
}

/** A form to send: its parts, and the call's token, cookies or extra headers. */
export interface FormCall extends Omit<CallOptions, 'body' | 'json'> {
  parts: Part[];
}

/** Sends a multipart form to `<prefix><path>` of `request` (`"PUT /users/me/avatar"`); the answer is checked like any other. */
export function sendForm(ctx: Ctx, request: string, { parts, ...options }: FormCall): Promise<Answer> {
  const [method, path] = request.split(' ') as [string, string];
  return ctx.api(method, path, { ...options, body: formBody(parts), headers: { 'content-type': FORM_TYPE, ...options.headers } });
}

/** `bytes` long, starting with `sample`'s bytes (the format is read from the first bytes only). */
export function sized(sample: Uint8Array, bytes: number): Buffer {
  const out = Buffer.alloc(bytes, 0x41);
  out.set(sample.subarray(0, Math.min(sample.length, bytes)));
  return out;
}

/** Every file under `dir`, relative to it, sorted (none when the folder does not exist). */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * Waits until the folder holds `count` files (a removal may run after the answer: the dropped
 * avatar of a registration, an aborted upload) and returns them. Polling, not a timed assertion.
 */
export async function settledFiles(dir: string, count: number): Promise<string[]> {
  for (let i = 0; i < 400; i += 1) {
    const files = await filesIn(dir);
    if (files.length === count) return files;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return filesIn(dir);
}

/** The file an upload URL names, relative to the upload folder (`/uploads/users/…` → `users/…`). */
export function fileOf(url: string): string {
  return url.replace(/^\/uploads\//, '');
}
