import type { Readable } from 'node:stream';
import type { AssetKind } from './storage.js';

export interface UploadOptions {
  /** Where the file goes, chosen by core (one folder per user, e.g. `vaultkit/users/<id>`). */
  folder: string;
  kind: AssetKind;
  /** The format sniffed from the bytes (`jpeg`, `png`, `webp`, `gif`, `avif`, `mp4`, `webm`, `mov`). */
  format: string;
  /** The MIME type sniffed from the bytes (`image/png`, `video/mp4`, …); never the client's. */
  contentType: string;
  /** A server-chosen name without extension; never the client's file name. */
  filename: string;
  /**
   * Aborted when the size limit is crossed, the client goes away or the request times out:
   * stop reading, remove whatever was written (a partial remote upload included) and reject.
   */
  signal: AbortSignal;
}

export interface UploadResult {
  /** The handle `remove` takes back (a Cloudinary public id, a path under the upload folder). */
  publicId: string;
  /** Where clients fetch the file; never contains the client's file name. */
  url: string;
  bytes: number;
  format: string;
  width?: number;
  height?: number;
  duration?: number;
}

/** The uploader port (Cloudinary, local disk, …). */
export interface Uploader {
  /**
   * Consumes the stream to its end and resolves once the file is stored. Rejects, leaving
   * nothing behind, when the stream errors or `signal` aborts.
   */
  upload(stream: Readable, options: UploadOptions): Promise<UploadResult>;
  /** Idempotent: removing what is not there resolves. */
  remove(publicId: string, kind: AssetKind): Promise<void>;
  /** Answers when the backend responds; throws `DependencyError` otherwise (for `/ready`). */
  ping?(): Promise<void>;
  dispose?(): Promise<void>;
}
