import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sniffed } from './sniff.js';

/** One stored resource, as the loopback endpoint holds it. */
export interface LoopbackFile {
  publicId: string;
  resourceType: 'image' | 'video';
  /** Cloudinary's format name (`jpg`, `png`, `mp4`, `mov`…). */
  format: string;
  contentType: string;
  bytes: number;
  version: number;
  width?: number;
  height?: number;
  /** Where it is served (the `secure_url` the upload answered). */
  url: string;
  /** The file on disk (its name never derives from the public id). */
  path: string;
  /** Whether it arrived in several `Content-Range` chunks. */
  chunked: boolean;
}

/** An unfinished chunked upload (`X-Unique-Upload-Id`). */
export interface PendingUpload {
  path: string;
  received: number;
  /** The first bytes of the first chunk (the format is sniffed from them at the end). */
  head: Buffer;
  timer: NodeJS.Timeout;
}

export interface DiskStore {
  /** Keyed `<resource_type>/<public_id>`. */
  files: Map<string, LoopbackFile>;
  pending: Map<string, PendingUpload>;
  tempPath(): string;
  /** Moves a received file into place, replacing a resource with the same public id. */
  commit(path: string, info: { publicId: string; sniffed: Sniffed; bytes: number; chunked: boolean }): Promise<LoopbackFile>;
  remove(resourceType: string, publicId: string): Promise<boolean>;
  dropPending(uploadId: string): void;
  clear(): void;
}

/**
 * Bytes on disk in a temporary folder, so a 1 GiB upload costs no memory in the process that
 * hosts the endpoint (the upload bench measures that process). Unfinished chunked uploads are
 * dropped after `pendingTtlMs` of silence, as Cloudinary discards them.
 */
export function diskStore(options: { dir: string; baseUrl: string; cloudName: string; pendingTtlMs: number }): DiskStore {
  const filesDir = join(options.dir, 'files');
  const tempDir = join(options.dir, 'tmp');
  mkdirSync(filesDir, { recursive: true });
  mkdirSync(tempDir, { recursive: true });
  const files = new Map<string, LoopbackFile>();
  const pending = new Map<string, PendingUpload>();
  let lastVersion = 0;

  return {
    files,
    pending,
    tempPath: () => join(tempDir, randomName()),
    async commit(path, { publicId, sniffed, bytes, chunked }) {
      const key = `${sniffed.resourceType}/${publicId}`;
      const target = join(filesDir, `${randomName()}.${sniffed.format}`);
      await rename(path, target);
      const previous = files.get(key);
      if (previous) await rm(previous.path, { force: true });
      // Versions are Unix seconds at Cloudinary; kept increasing so two uploads never share a URL.
      lastVersion = Math.max(lastVersion + 1, Math.floor(Date.now() / 1000));
      const url = `${options.baseUrl}/${options.cloudName}/${sniffed.resourceType}/upload/v${lastVersion}/${publicId}.${sniffed.format}`;
      const file: LoopbackFile = {
        publicId,
        resourceType: sniffed.resourceType,
        format: sniffed.format,
        contentType: sniffed.contentType,
        bytes,
        version: lastVersion,
        url,
        path: target,
        chunked,
        ...(sniffed.width !== undefined ? { width: sniffed.width, height: sniffed.height } : {}),
      };
      files.set(key, file);
      return file;
    },
    async remove(resourceType, publicId) {
      const key = `${resourceType}/${publicId}`;
      const file = files.get(key);
      if (!file) return false;
      files.delete(key);
      await rm(file.path, { force: true });
      return true;
    },
    dropPending(uploadId) {
      const upload = pending.get(uploadId);
      if (!upload) return;
      pending.delete(uploadId);
      clearTimeout(upload.timer);
      rmSync(upload.path, { force: true });
    },
    clear() {
      for (const upload of pending.values()) clearTimeout(upload.timer);
      pending.clear();
      files.clear();
    },
  };
}

// --- internal ---

function randomName(): string {
  return randomBytes(12).toString('hex');
}
