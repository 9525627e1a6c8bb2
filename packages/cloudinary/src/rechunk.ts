import { Transform } from 'node:stream';

/** One chunk of a file, and whether the file ends with it. */
export interface Chunk {
  pieces: Buffer[];
  length: number;
  last: boolean;
  /** Call once the chunk was sent and answered: its buffer takes the next chunk's bytes. */
  release(): void;
}

/**
 * Cuts a byte stream into chunks of `size` bytes (the last may be shorter). A full chunk is
 * held back until one more byte arrives or the stream ends, so each chunk knows whether it is
 * the last. At most one chunk waits on the readable side and reading pauses meanwhile (while the
 * source has not ended).
 *
 * Small pieces (a socket's 64 KiB reads) are copied into a chunk-sized buffer that is reused once
 * its chunk is released: the pieces then die young, and a gigabyte passes through three buffers.
 * Held as they arrived instead, they would outlive a few garbage collections each and pile up
 * outside the heap until V8 next collects old objects (tens of MiB on a large video). A piece of
 * a chunk's size or more is passed on as it is (no copy of a file given whole).
 */
export function rechunk(size: number): Transform {
  const free: Buffer[] = [];
  let buffer: Buffer | null = null;
  let length = 0;
  let held: Chunk | null = null;
  /** A chunk of at most one piece; `owned` is the reusable buffer behind it, if any. */
  const chunkOf = (piece: Buffer | null, last: boolean, owned: Buffer | null): Chunk => ({
    pieces: piece ? [piece] : [],
    length: piece?.length ?? 0,
    last,
    release: () => {
      if (owned) free.push(owned);
      owned = null;
    },
  });
  return new Transform({
    readableObjectMode: true,
    readableHighWaterMark: 1,
    transform(piece: Buffer, _encoding, done) {
      let offset = 0;
      while (offset < piece.length) {
        if (held) {
          this.push(held);
          held = null;
        }
        if (length === 0 && piece.length - offset >= size) {
          held = chunkOf(piece.subarray(offset, offset + size), false, null);
          offset += size;
          continue;
        }
        buffer ??= free.pop() ?? Buffer.allocUnsafeSlow(size);
        const take = Math.min(size - length, piece.length - offset);
        piece.copy(buffer, length, offset, offset + take);
        length += take;
        offset += take;
        if (length === size) {
          held = chunkOf(buffer, false, buffer);
          buffer = null;
          length = 0;
        }
      }
      done();
    },
    flush(done) {
      if (held) this.push({ ...held, last: length === 0 });
      if (!held || length > 0) this.push(chunkOf(buffer && length > 0 ? buffer.subarray(0, length) : null, true, buffer));
      done();
    },
  });
}
