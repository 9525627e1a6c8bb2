/*
 * Example servers: the files of the local-disk uploader, served under `/uploads/`. Only names the
 * uploader itself could have made are looked up (no decoding, no `..`, a known extension), the
 * content type is the one sniffed at upload, and browsers are told not to second-guess it.
 */
import { constants, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { LocalDiskUploader } from '@vaultkit/core';

/** The URL path the uploader's files are served under (its `baseUrl`). */
export const UPLOADS_PATH = '/uploads';

/** What to answer for an upload: a status, its headers and (unless 416) the file's bytes. */
export interface UploadReply {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** `null` for a 416 (and always closed by the framework when the answer ends). */
  body: ReadStream | null;
}

/**
 * Opens the file a request names, or resolves `null` (answer the 404 envelope) for anything
 * else. `rawUrl` is the request target as sent: percent-encoded names are not ours, so they are
 * never decoded into something else. A `Range: bytes=a-b` header (video players seek with it)
 * gets a 206 with that part, an unsatisfiable one a 416. Videos are sent as attachments, so
 * opening one directly downloads it instead of rendering it.
 *
 * @example
 * const reply = await openUpload(uploader, req.originalUrl, req.headers.range);
 * if (!reply) return notFound();
 */
export async function openUpload(uploader: LocalDiskUploader, rawUrl: string, range: string | undefined): Promise<UploadReply | null> {
  const end = rawUrl.indexOf('?');
  const path = end === -1 ? rawUrl : rawUrl.slice(0, end);
  if (!path.startsWith(`${UPLOADS_PATH}/`)) return null;
  const file = uploader.locate(path.slice(UPLOADS_PATH.length + 1));
  if (!file) return null;
  let handle;
  try {
    // No symlink is followed, and only a regular file is served.
    handle = await open(file.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    return null;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'x-content-type-options': 'nosniff',
    // The name is random and never reused: the bytes behind it never change.
    'cache-control': 'public, max-age=31536000, immutable',
    'accept-ranges': 'bytes',
    // A trusted front-end on another origin shows these in <img> and <video> (helmet's default is same-origin).
    'cross-origin-resource-policy': 'cross-origin',
    ...(file.kind === 'video' ? { 'content-disposition': `attachment; filename="${name}"` } : {}),
  };
  const part = parseRange(range, stat.size);
  if (part === 'unsatisfiable') {
    await handle.close();
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${stat.size}`, 'content-length': '0' }, body: null };
  }
  if (part) {
    const body = handle.createReadStream({ start: part.start, end: part.end });
    const length = part.end - part.start + 1;
    return { status: 206, headers: { ...headers, 'content-range': `bytes ${part.start}-${part.end}/${stat.size}`, 'content-length': String(length) }, body };
  }
  return { status: 200, headers: { ...headers, 'content-length': String(stat.size) }, body: handle.createReadStream() };
}

// --- internal ---

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; `null` to send it all (no or several ranges). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}
