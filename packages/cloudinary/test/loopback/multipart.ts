import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';

/** Where the file part goes, decided once the fields before it are known; `null` discards it. */
export type FileTarget = { path: string; flags: 'w' | 'a' } | null;

export interface ParsedForm {
  fields: Record<string, string>;
  /** Bytes of the file part (also when it was discarded); `null` without a file part. */
  fileBytes: number | null;
  /** The first bytes of the file part (for format sniffing). */
  head: Buffer;
}

const HEAD_BYTES = 32;

/**
 * Reads one multipart request as the SDK sends it (fields, then at most one `file` part),
 * streaming the file part to disk. Rejects when the request is cut off or malformed; the bytes
 * already written to the target are then the caller's to remove.
 */
export async function readForm(req: IncomingMessage, target: (fields: Record<string, string>) => FileTarget): Promise<ParsedForm> {
  const parser = busboy({ headers: req.headers, limits: { files: 1, fields: 200, fieldSize: 64 * 1024 } });
  const fields: Record<string, string> = {};
  let fileBytes: number | null = null;
  let head = Buffer.alloc(0);
  let writing: Promise<void> = Promise.resolve();

  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (_name, file) => {
    fileBytes = 0;
    file.on('data', (chunk: Buffer) => {
      fileBytes! += chunk.length;
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
    });
    const where = target({ ...fields });
    const sink = where ? createWriteStream(where.path, { flags: where.flags }) : discard();
    writing = pipeline(file, sink);
    // Observed through `writing` below; this only keeps an early failure from being unhandled.
    writing.catch(() => {});
  });

  await pipeline(req, parser);
  await writing;
  return { fields, fileBytes, head };
}

// --- internal ---

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
