import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { rechunk, type Chunk } from '../src/rechunk.js';

const SIZE = 1024;

/** `count` bytes of a repeating pattern, starting at `from` (so any slice can be checked). */
function bytes(from: number, count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => (from + i) % 251));
}

/** The pieces one at a time, as a socket delivers them (the stream ends after the last one). */
async function* arriving(pieces: Buffer[]) {
  for (const piece of pieces) {
    yield piece;
    await nextTurn();
  }
}

/** Feeds `pieces` through rechunk and reads every chunk, releasing each (or not) as it comes. */
async function chunksOf(pieces: Buffer[], release: boolean): Promise<{ chunk: Chunk; copy: Buffer }[]> {
  const out: { chunk: Chunk; copy: Buffer }[] = [];
  for await (const chunk of Readable.from(arriving(pieces), { objectMode: false }).pipe(rechunk(SIZE)) as AsyncIterable<Chunk>) {
    out.push({ chunk, copy: Buffer.concat(chunk.pieces) });
    if (release) chunk.release();
  }
  return out;
}

/** @see issue 11 (a 1 GiB video to Cloudinary within 64 MiB: chunk buffers reused) */
describe('rechunk', () => {
  it('cuts small pieces into chunks of exactly `size` bytes, the last one marked, bytes in order', async () => {
    const pieces = Array.from({ length: 50 }, (_, i) => bytes(i * 100, 100)); // 5,000 bytes in 100-byte reads
    const chunks = await chunksOf(pieces, true);
    expect(chunks.map(({ chunk }) => [chunk.length, chunk.last])).toEqual([[1024, false], [1024, false], [1024, false], [1024, false], [904, true]]);
    expect(Buffer.concat(chunks.map(({ copy }) => copy))).toEqual(bytes(0, 5000));
  });

  it('reuses a chunk buffer only once its chunk was released, and never while one is unreleased', async () => {
    const pieces = Array.from({ length: 64 }, (_, i) => bytes(i * 64, 64)); // 4 chunks
    const kept = await chunksOf(pieces, false);
    const buffers = new Set(kept.map(({ chunk }) => chunk.pieces[0]!.buffer));
    expect(buffers.size).toBe(4); // nothing released: every chunk its own buffer
    kept.forEach(({ chunk, copy }) => expect(Buffer.concat(chunk.pieces)).toEqual(copy));

    const released = await chunksOf(Array.from({ length: 160 }, (_, i) => bytes(i * 64, 64)), true); // 10 chunks
    expect(new Set(released.map(({ chunk }) => chunk.pieces[0]!.buffer)).size).toBeLessThanOrEqual(3); // about two, in turn
    expect(Buffer.concat(released.map(({ copy }) => copy))).toEqual(bytes(0, 10 * SIZE));
  });

  it('passes a piece of a chunk or more on without copying it; an empty stream is one empty last chunk', async () => {
    const whole = bytes(0, 3 * SIZE + 10);
    const chunks = await chunksOf([whole], true);
    expect(chunks.map(({ chunk }) => [chunk.length, chunk.last])).toEqual([[1024, false], [1024, false], [1024, false], [10, true]]);
    expect(chunks.slice(0, 3).every(({ chunk }) => chunk.pieces[0]!.buffer === whole.buffer)).toBe(true);
    expect(Buffer.concat(chunks.map(({ copy }) => copy))).toEqual(whole);
    expect((await chunksOf([], true)).map(({ chunk }) => [chunk.length, chunk.last])).toEqual([[0, true]]);
  });
});
