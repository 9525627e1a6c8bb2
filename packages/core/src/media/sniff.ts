import type * as FileType from 'file-type';
import type { AssetKind } from '../ports/storage.js';

/** What the first bytes of a file say it is. */
export interface SniffedFormat {
  kind: AssetKind;
  /** `jpeg`, `png`, `webp`, `gif`, `avif`, `mp4`, `webm` or `mov`. */
  format: string;
  /** The MIME type that goes with the format (`image/png`, …). */
  contentType: string;
  /** The file extension a server-chosen name gets (`jpg` for jpeg). */
  extension: string;
}

/**
 * The allow-list of DESIGN §8, keyed by file-type's `ext`. Anything else is refused, SVG included:
 * it is a document that can carry scripts, not a picture, and file-type does not even report it.
 */
const ALLOWED: Record<string, SniffedFormat> = {
  jpg: { kind: 'image', format: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' },
  png: { kind: 'image', format: 'png', contentType: 'image/png', extension: 'png' },
  // An animated PNG is a valid PNG for every reader: stored and served as one.
  apng: { kind: 'image', format: 'png', contentType: 'image/png', extension: 'png' },
  webp: { kind: 'image', format: 'webp', contentType: 'image/webp', extension: 'webp' },
  gif: { kind: 'image', format: 'gif', contentType: 'image/gif', extension: 'gif' },
  avif: { kind: 'image', format: 'avif', contentType: 'image/avif', extension: 'avif' },
  mp4: { kind: 'video', format: 'mp4', contentType: 'video/mp4', extension: 'mp4' },
  webm: { kind: 'video', format: 'webm', contentType: 'video/webm', extension: 'webm' },
  mov: { kind: 'video', format: 'mov', contentType: 'video/quicktime', extension: 'mov' },
};

/**
 * Every accepted format by name, with its kind, MIME type and extension.
 *
 * @example
 * MEDIA_FORMATS.jpeg // { kind: 'image', format: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' }
 */
export const MEDIA_FORMATS: Readonly<Record<string, SniffedFormat>> = Object.freeze(
  Object.fromEntries(Object.values(ALLOWED).map((entry) => [entry.format, entry])),
);

/** The MIME types a kind accepts (for the OpenAPI document's `encoding`). */
export function contentTypesOf(kinds: readonly AssetKind[]): string[] {
  return [...new Set(Object.values(MEDIA_FORMATS).filter((f) => kinds.includes(f.kind)).map((f) => f.contentType))];
}

/**
 * file-type loads on the first upload, not with the vault: it holds about 1 MB of heap that
 * most processes never use, and on Express every megabyte the process keeps makes each request's
 * garbage collection dearer (bench/README.md).
 */
let fileType: Promise<typeof FileType> | undefined;

/** How many leading bytes are enough to recognise every allowed format (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

/**
 * Recognises an allowed format from the first bytes of a file (magic numbers); `null` for
 * anything else. The client's MIME type and file name are never consulted: a PNG named `.mp4` is
 * a PNG, an ELF binary named `.png` is nothing.
 *
 * @example
 * const sniffed = await sniffFormat(head); // { kind: 'image', format: 'png', contentType: 'image/png', extension: 'png' }
 */
export async function sniffFormat(head: Uint8Array): Promise<SniffedFormat | null> {
  const { fileTypeFromBuffer } = await (fileType ??= import('file-type'));
  const detected = await fileTypeFromBuffer(head);
  return (detected && Object.hasOwn(ALLOWED, detected.ext) ? ALLOWED[detected.ext] : undefined) ?? null;
}
