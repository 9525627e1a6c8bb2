/** What the loopback endpoint tells about stored bytes, as Cloudinary would. */
export interface Sniffed {
  /** Cloudinary's format names: `jpg` (not `jpeg`), `mov` for QuickTime. */
  format: string;
  resourceType: 'image' | 'video';
  contentType: string;
  width?: number;
  height?: number;
}

/**
 * The format from the first bytes (enough of them: 32), with the dimensions where they sit in a
 * fixed place (PNG, GIF). `null` for anything else: Cloudinary answers "Invalid image file".
 */
export function sniff(head: Buffer): Sniffed | null {
  if (head.subarray(0, 8).equals(PNG)) {
    const dims = head.length >= 24 ? { width: head.readUInt32BE(16), height: head.readUInt32BE(20) } : {};
    return { format: 'png', resourceType: 'image', contentType: 'image/png', ...dims };
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { format: 'jpg', resourceType: 'image', contentType: 'image/jpeg' };
  if (ascii(head, 0, 4) === 'GIF8') {
    const dims = head.length >= 10 ? { width: head.readUInt16LE(6), height: head.readUInt16LE(8) } : {};
    return { format: 'gif', resourceType: 'image', contentType: 'image/gif', ...dims };
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { format: 'webp', resourceType: 'image', contentType: 'image/webp' };
  if (head.subarray(0, 4).equals(EBML)) return { format: 'webm', resourceType: 'video', contentType: 'video/webm' };
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (brand === 'avif' || brand === 'avis') return { format: 'avif', resourceType: 'image', contentType: 'image/avif' };
    if (brand === 'qt  ') return { format: 'mov', resourceType: 'video', contentType: 'video/quicktime' };
    return { format: 'mp4', resourceType: 'video', contentType: 'video/mp4' };
  }
  return null;
}

// --- internal ---

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

function ascii(buffer: Buffer, start: number, end: number): string {
  return buffer.subarray(start, end).toString('latin1');
}
