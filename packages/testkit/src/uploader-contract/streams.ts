import { Readable } from 'node:stream';

const PIECE = 16 * 1024;

/** `bytes` as a byte stream of 16 KiB pieces, like a request body. */
export function streamOf(bytes: Uint8Array): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: PIECE,
    read() {
      if (offset >= bytes.length) return void this.push(null);
      const piece = bytes.subarray(offset, offset + PIECE);
      offset += piece.length;
      this.push(piece);
    },
  });
}

/** A stream that gives the first `after` bytes, then neither ends nor fails (a client gone quiet). */
export function stallingStream(bytes: Uint8Array, after: number): { stream: Readable; consumed: () => number } {
  let offset = 0;
  const stream = new Readable({
    highWaterMark: PIECE,
    read() {
      if (offset >= after) return;
      const piece = bytes.subarray(offset, Math.min(after, offset + PIECE));
      offset += piece.length;
      this.push(piece);
    },
  });
  return { stream, consumed: () => offset - stream.readableLength };
}

/** A stream that gives the first `after` bytes, then fails with `error` (a client that disconnects). */
export function failingStream(bytes: Uint8Array, after: number, error: Error): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: PIECE,
    read() {
      if (offset >= after) return void setImmediate(() => this.destroy(error));
      const piece = bytes.subarray(offset, Math.min(after, offset + PIECE));
      offset += piece.length;
      this.push(piece);
    },
  });
}

/** Resolves once `condition()` holds; rejects with `message` after 10 s. */
export async function until(condition: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
