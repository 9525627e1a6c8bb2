import { Transform } from 'node:stream';

/** One chunk of a file, as the pieces that arrived (never copied), and whether the file ends with it. */
export interface Chunk {
  pieces: Buffer[];
  length: number;
  last: boolean;
}

/**
 * Cuts a byte stream into chunks of `size` bytes (the last may be shorter). A full chunk is
 * held back until one more byte arrives or the stream ends, so each chunk knows whether it is
 * the last. At most one chunk waits on the readable side and reading pauses meanwhile: with
 * the chunk being sent, an upload holds about two chunks, whatever the file's size.
 */
export function rechunk(size: number): Transform {
  let pieces: Buffer[] = [];
  let length = 0;
  let full: Buffer[] | null = null;
  return new Transform({
    readableObjectMode: true,
    readableHighWaterMark: 1,
    transform(piece: Buffer, _encoding, done) {
      let offset = 0;
      while (offset < piece.length) {
        if (full) {
          this.push({ pieces: full, length: size, last: false } satisfies Chunk);
          full = null;
        }
        const take = Math.min(size - length, piece.length - offset);
        pieces.push(offset === 0 && take === piece.length ? piece : piece.subarray(offset, offset + take));
        length += take;
        offset += take;
        if (length === size) {
          full = pieces;
          pieces = [];
          length = 0;
        }
      }
      done();
    },
    flush(done) {
      if (full) this.push({ pieces: full, length: size, last: length === 0 } satisfies Chunk);
      if (!full || length > 0) this.push({ pieces, length, last: true } satisfies Chunk);
      done();
    },
  });
}
