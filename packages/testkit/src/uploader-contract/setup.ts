import { createHash, randomBytes } from 'node:crypto';
import type { AssetKind, Uploader, UploadOptions, UploadResult } from '@vaultkit/core';
import { afterEach, beforeEach } from 'vitest';
import { mp4Sample, pngSample, type SampleFile } from './samples.js';

/** Builds one uploader for one test. */
export type MakeUploader = () => Uploader | Promise<Uploader>;

export interface UploaderContractOptions {
  /**
   * Reads back the bytes stored for an upload (the round-trip checks compare them).
   * @default fetches `result.url`, which must then be an absolute http(s) URL
   */
  read?: (result: UploadResult) => Promise<Uint8Array>;
  /**
   * What the backend holds under `folder`: one entry per stored file (a public id, a path),
   * partial files included. The suite checks with it that failed, aborted and removed uploads
   * leave nothing; without it the cases that only check that are skipped.
   * @default undefined
   */
  list?: (folder: string) => Promise<string[]>;
  /**
   * The files uploaded, one per kind. The default video is an MP4 by its magic bytes only:
   * pass a real one to a backend that decodes videos. (The concurrency case always uploads
   * generated PNGs, which are real images.)
   * @default a generated 256×192 PNG and a synthetic 300 KiB MP4
   */
  samples?: { image?: SampleFile; video?: SampleFile };
  /** The root of the per-test folders. @default 'vaultkit-contract' */
  folderPrefix?: string;
  /**
   * Runs after each test, after the files it uploaded were removed and before `dispose()`.
   * @default undefined
   */
  cleanup?: (uploader: Uploader) => Promise<void>;
}

/** The per-test state the cases read (set afresh before every test). */
export interface UploaderContractEnv {
  uploader: Uploader;
  /** A folder no other test uses. */
  folder: string;
  samples: { image: SampleFile; video: SampleFile };
  read: (result: UploadResult) => Promise<Uint8Array>;
  list: ((folder: string) => Promise<string[]>) | null;
  /** Options for one upload of `sample` into this test's folder, under a fresh name. */
  optionsFor: (kind: AssetKind, sample: SampleFile, signal?: AbortSignal) => UploadOptions;
  /** Remembers a result so that the file is removed after the test, whatever happens. */
  track: (result: UploadResult, kind: AssetKind) => UploadResult;
}

/** A short digest, so that a mismatch prints two hashes instead of two 150 KiB buffers. */
export function digest(bytes: Uint8Array): string {
  return `${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

/** `optionsFor` into the folder `folder()` names when called, each upload under a fresh name. */
export function optionsIn(folder: () => string): UploaderContractEnv['optionsFor'] {
  return (kind, sample, signal = new AbortController().signal) => ({
    folder: folder(),
    kind,
    format: sample.format,
    contentType: sample.contentType,
    filename: `f${randomBytes(8).toString('hex')}`,
    signal,
  });
}

/** Registers the fresh-uploader hooks in the current `describe` and returns the env they fill. */
export function useUploaderEnv(make: MakeUploader, options: UploaderContractOptions): UploaderContractEnv {
  const run = randomBytes(4).toString('hex');
  const samples = { image: options.samples?.image ?? pngSample(1), video: options.samples?.video ?? mp4Sample(2) };
  let tracked: { publicId: string; kind: AssetKind }[] = [];
  let n = 0;
  const env = {
    samples,
    read: options.read ?? fetchBytes,
    list: options.list ?? null,
    optionsFor: optionsIn(() => env.folder),
    track(result, kind) {
      tracked.push({ publicId: result.publicId, kind });
      return result;
    },
  } as UploaderContractEnv;

  beforeEach(async () => {
    env.folder = `${options.folderPrefix ?? 'vaultkit-contract'}/${run}/${++n}`;
    tracked = [];
    env.uploader = await make();
  });

  afterEach(async () => {
    const { uploader } = env;
    if (!uploader) return;
    try {
      await Promise.allSettled(tracked.map(({ publicId, kind }) => uploader.remove(publicId, kind)));
      await options.cleanup?.(uploader);
    } finally {
      await uploader.dispose?.();
    }
  });

  return env;
}

// --- internal ---

async function fetchBytes(result: UploadResult): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(result.url)) {
    throw new Error(`uploaderContract: ${result.url} is not an absolute http(s) URL; pass options.read to read stored files back`);
  }
  const response = await fetch(result.url);
  if (!response.ok) throw new Error(`uploaderContract: GET ${result.url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
