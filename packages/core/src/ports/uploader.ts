import type { Readable } from 'node:stream';
import type { AssetKind } from './storage.js';

export interface UploadOptions {
  folder: string;
  kind: AssetKind;
  /** A server-chosen name; never the client's file name. */
  filename: string;
}

export interface UploadResult {
  publicId: string;
  url: string;
  bytes: number;
  format: string;
  width?: number;
  height?: number;
  duration?: number;
}

/** The uploader port (Cloudinary, local disk, …). */
export interface Uploader {
  /** Consumes the stream; rejects (and leaves nothing behind) when the stream errors. */
  upload(stream: Readable, options: UploadOptions): Promise<UploadResult>;
  /** Idempotent: removing what is not there resolves. */
  remove(publicId: string, kind: AssetKind): Promise<void>;
  ping?(): Promise<void>;
  dispose?(): Promise<void>;
}
