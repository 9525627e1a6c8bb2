import { constants } from 'node:fs';
import { access, mkdir, open, rm } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DependencyError } from '../errors/vault-error.js';
import type { AssetKind } from '../ports/storage.js';
import type { Uploader, UploadOptions, UploadResult } from '../ports/uploader.js';
import { MEDIA_FORMATS } from './sniff.js';

export interface LocalDiskUploaderOptions {
  /** The folder files are written under; created when first needed (upload or `ping`). Nothing outside it is ever written or read. */
  directory: string;
  /**
   * What file URLs start with: a path the app serves the folder under, or an absolute URL.
   * @default "/uploads"
   */
  baseUrl?: string;
}

/** A stored file found on disk for serving. */
export interface LocalFile {
  /** The absolute path, inside the upload folder. */
  path: string;
  /** The MIME type of the format the file was stored as (sniffed from its bytes at upload). */
  contentType: string;
  kind: AssetKind;
}

/** The local-disk uploader, with what a server needs to serve its files. */
export interface LocalDiskUploader extends Uploader {
  /** The absolute upload folder. */
  readonly directory: string;
  readonly baseUrl: string;
  /**
   * The file behind a public id (the part of a URL after `baseUrl/`), or `null` when the id
   * could not have been made by this uploader (traversal, an unknown extension, odd characters).
   * Does not check that the file exists.
   */
  locate(publicId: string): LocalFile | null;
}

const ADAPTER_NAME = 'local-disk uploader';
/** `users/<id>/<name>.<ext>`: segments of letters, digits, `_` and `-` only, and a known extension. */
const SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_DEPTH = 8;
const EXTENSIONS = new Map(Object.values(MEDIA_FORMATS).map((f) => [f.extension, { contentType: f.contentType, kind: f.kind }]));

/**
 * The embedded uploader: files under one folder on this machine, one sub-folder per user, named
 * by the server (`users/<userId>/<random id>.<sniffed extension>`), never by the client. Paths
 * are resolved and checked to stay inside the folder; a new file never replaces another
 * (exclusive create, no symlink followed); an aborted or failed upload removes its partial file.
 * Serve the folder under `baseUrl` with `locate()` (the example servers do, at `/uploads/`).
 * For several instances, use a shared backend such as `@vaultkit/cloudinary`.
 *
 * @example
 * const uploader = localDiskUploader({ directory: process.env.UPLOAD_DIR ?? './uploads', baseUrl: '/uploads' });
 * const vault = createVault({ tokens: { secret }, uploader });
 */
export function localDiskUploader(options: LocalDiskUploaderOptions): LocalDiskUploader {
  if (typeof options?.directory !== 'string' || options.directory === '') throw new TypeError(`${ADAPTER_NAME}: options.directory must be a folder path`);
  const root = resolve(options.directory);
  const baseUrl = (options.baseUrl ?? '/uploads').replace(/\/+$/, '');

  /** The absolute path of a relative one, or `null` when it would leave the folder. */
  function inside(relativePath: string): string | null {
    const target = resolve(root, relativePath);
    const rel = relative(root, target);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? target : null;
  }

  function locate(publicId: string): LocalFile | null {
    if (typeof publicId !== 'string') return null;
    const segments = publicId.split('/');
    const name = segments.pop()!;
    const dot = name.lastIndexOf('.');
    const type = dot > 0 ? EXTENSIONS.get(name.slice(dot + 1)) : undefined;
    if (!type) return null;
    if (segments.length > MAX_DEPTH || ![...segments, name.slice(0, dot)].every((s) => SEGMENT.test(s))) return null;
    const path = inside(publicId);
    return path ? { path, contentType: type.contentType, kind: type.kind } : null;
  }

  return {
    directory: root,
    baseUrl,
    locate,

    async upload(stream: Readable, upload: UploadOptions): Promise<UploadResult> {
      const format = Object.hasOwn(MEDIA_FORMATS, upload.format) ? MEDIA_FORMATS[upload.format] : undefined;
      if (!format) throw new TypeError(`${ADAPTER_NAME}: unknown format`);
      const publicId = `${upload.folder}/${upload.filename}.${format.extension}`;
      const located = locate(publicId);
      if (!located) throw new TypeError(`${ADAPTER_NAME}: the folder and file name must be segments of letters, digits, _ and -`);
      upload.signal.throwIfAborted();
      await mkdir(dirname(located.path), { recursive: true });
      // Exclusive create: never overwrites a file, never follows a symlink planted at the name.
      const handle = await open(located.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      const file = handle.createWriteStream();
      try {
        await pipeline(stream, file, { signal: upload.signal });
      } catch (error) {
        file.destroy();
        await rm(located.path, { force: true });
        throw error;
      }
      return { publicId, url: `${baseUrl}/${publicId}`, bytes: file.bytesWritten, format: upload.format };
    },

    async remove(publicId: string): Promise<void> {
      // An id this uploader could not have made names nothing of ours: nothing to remove.
      const located = locate(publicId);
      if (located) await rm(located.path, { force: true });
    },

    async ping(): Promise<void> {
      try {
        await mkdir(root, { recursive: true });
        await access(root, constants.W_OK);
      } catch (cause) {
        throw new DependencyError(ADAPTER_NAME, { cause });
      }
    },
  };
}

/**
 * Whether an uploader is the local-disk one (a server then serves its folder).
 *
 * @example
 * if (isLocalDiskUploader(uploader)) app.use(uploader.baseUrl, serveFrom(uploader));
 */
export function isLocalDiskUploader(uploader: Uploader | undefined): uploader is LocalDiskUploader {
  return typeof uploader === 'object' && uploader !== null && typeof (uploader as Partial<LocalDiskUploader>).locate === 'function' && typeof (uploader as Partial<LocalDiskUploader>).directory === 'string';
}
