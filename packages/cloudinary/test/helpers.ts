import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AssetKind, UploadOptions } from '@vaultkit/core';
import type { SampleFile } from '@vaultkit/testkit';

export const ACCOUNT = { apiKey: 'test-key-4821', apiSecret: 'test-secret-NEVER-SHOWN-9f2c', cloudName: 'vaultkit-test' };

/** Upload options for `sample` into `folder` under a fresh server-chosen name. */
export function optionsFor(kind: AssetKind, sample: SampleFile, extra: Partial<UploadOptions> = {}): UploadOptions {
  return {
    folder: 'vaultkit/users/u1',
    kind,
    format: sample.format,
    contentType: sample.contentType,
    filename: `f${randomBytes(8).toString('hex')}`,
    signal: new AbortController().signal,
    ...extra,
  };
}

/** `bytes` in 64 KiB pieces, like a request body. */
export function streamOf(bytes: Uint8Array): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += 64 * 1024) yield Buffer.from(bytes.subarray(i, i + 64 * 1024));
    })(),
    { objectMode: false },
  );
}

/** The first `after` bytes, then silence; `consumed()` tells how many the reader took. */
export function stallingStream(bytes: Uint8Array, after: number): { stream: Readable; consumed: () => number } {
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= after) return;
      const piece = Buffer.from(bytes.subarray(offset, Math.min(after, offset + 64 * 1024)));
      offset += piece.length;
      this.push(piece);
    },
  });
  return { stream, consumed: () => offset - stream.readableLength };
}

/** Resolves once `condition()` holds (polling); rejects with `message` after 10 s. */
export async function until(condition: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
