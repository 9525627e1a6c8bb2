import { deflateSync } from 'node:zlib';

/** A file to upload: its bytes and what the core would have sniffed from them. */
export interface SampleFile {
  bytes: Uint8Array;
  /** `png`, `jpeg`, `mp4`… as `UploadOptions.format`. */
  format: string;
  contentType: string;
}

/**
 * A valid PNG (RGB, 8 bits) of pseudo-random pixels from `seed`: a real image that a service
 * which decodes uploads (Cloudinary) accepts, different for each seed, and barely compressible,
 * so its size is about `width × height × 3` bytes.
 */
export function pngSample(seed: number, size: { width: number; height: number } = { width: 256, height: 192 }): SampleFile {
  const { width, height } = size;
  const random = xorshift(seed);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let row = 0; row < height; row++) {
    const start = row * (1 + width * 3);
    // Filter type 0 (none) at the start of each row.
    for (let i = start + 1; i < start + 1 + width * 3; i++) raw[i] = random() & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const bytes = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
  return { bytes, format: 'png', contentType: 'image/png' };
}

/**
 * An MP4 by its magic bytes (an `ftyp` box, then an `mdat` box of pseudo-random bytes): enough
 * for a backend that stores bytes, not for one that decodes videos (pass a real one then).
 */
export function mp4Sample(seed: number, size = 300 * 1024): SampleFile {
  const random = xorshift(seed);
  const ftyp = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex');
  const body = Buffer.alloc(Math.max(0, size - ftyp.length - 8));
  for (let i = 0; i < body.length; i++) body[i] = random() & 0xff;
  const mdatHeader = Buffer.alloc(8);
  mdatHeader.writeUInt32BE(body.length + 8, 0);
  mdatHeader.write('mdat', 4, 'latin1');
  return { bytes: Buffer.concat([ftyp, mdatHeader, body]), format: 'mp4', contentType: 'video/mp4' };
}

// --- internal ---

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small seeded generator: the same seed gives the same bytes on every run. */
function xorshift(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}
