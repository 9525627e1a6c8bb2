import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Uploader, UploadOptions, UploadResult } from '@vaultkit/core';
import { uploaderContract } from '@vaultkit/testkit';
import { describe, expect, it } from 'vitest';
import { uploaderCases } from '../src/uploader-contract/cases.js';
import { mp4Sample, pngSample } from '../src/uploader-contract/samples.js';
import { optionsIn, type UploaderContractEnv } from '../src/uploader-contract/setup.js';

/**
 * A trivial uploader kept in memory, written to the port (and a few faulty variants of it),
 * to prove the contract on something whose behaviour is known: the right one passes, each
 * fault fails the case written for it.
 */
interface Faults {
  /** Resolves although the signal aborted while the upload was finishing. */
  ignoreLateAbort?: boolean;
  /** Keeps what arrived before the stream failed or the signal aborted. */
  keepPartial?: boolean;
  /** `remove` throws when the file is not there. */
  strictRemove?: boolean;
  /** Drops the last piece of the stream. */
  truncate?: boolean;
  /** Names the file after the stream's `path` (a client-side name). */
  nameFromStream?: boolean;
  /** Numbers files from a counter read before an await and written after it. */
  racyCounter?: boolean;
}

function memoryUploader(files: Map<string, Buffer>, faults: Faults = {}): Uploader {
  let counter = 0;
  return {
    async upload(stream: Readable, { folder, filename, format, signal }: UploadOptions): Promise<UploadResult> {
      signal.throwIfAborted();
      const parts: Buffer[] = [];
      const onAbort = () => stream.destroy(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let name = filename;
      if (faults.nameFromStream) name = String((stream as { path?: string }).path ?? filename).replace(/[^\w.-]/g, '');
      if (faults.racyCounter) {
        const next = counter + 1;
        await new Promise((resolve) => setImmediate(resolve));
        counter = next;
        name = `file-${next}`;
      }
      const publicId = `${folder}/${name}`;
      try {
        for await (const piece of stream) parts.push(piece as Buffer);
      } catch (error) {
        if (faults.keepPartial) files.set(publicId, Buffer.concat(parts));
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (faults.truncate) parts.pop();
      // The commit is asynchronous, like a rename on disk or a request's answer.
      await new Promise((resolve) => setImmediate(resolve));
      if (!faults.ignoreLateAbort) signal.throwIfAborted();
      const bytes = Buffer.concat(parts);
      files.set(publicId, bytes);
      return { publicId, url: `memory://${publicId}`, bytes: bytes.length, format };
    },
    async remove(publicId) {
      if (!files.delete(publicId) && faults.strictRemove) throw new Error(`${publicId} not found`);
    },
    async ping() {},
  };
}

function readFrom(files: Map<string, Buffer>) {
  return async (result: UploadResult) => {
    const bytes = files.get(result.publicId);
    if (!bytes) throw new Error(`${result.publicId} is not stored`);
    return bytes;
  };
}

function listFrom(files: Map<string, Buffer>) {
  return async (folder: string) => [...files.keys()].filter((key) => key.startsWith(`${folder}/`));
}

let files = new Map<string, Buffer>();
uploaderContract(
  'in-test memory uploader',
  () => {
    files = new Map();
    return memoryUploader(files);
  },
  { read: (result) => readFrom(files)(result), list: (folder) => listFrom(files)(folder) },
);

/** The env the contract would give, built by hand around one uploader. */
function envFor(faults: Faults): UploaderContractEnv {
  const store = new Map<string, Buffer>();
  const folder = `faults/${randomBytes(4).toString('hex')}`;
  const env: UploaderContractEnv = {
    uploader: memoryUploader(store, faults),
    folder,
    samples: { image: pngSample(1), video: mp4Sample(2) },
    read: readFrom(store),
    list: listFrom(store),
    optionsFor: optionsIn(() => folder),
    track: (result) => result,
  };
  return env;
}

function caseNamed(start: string) {
  const found = uploaderCases.find((c) => c.name.startsWith(start));
  if (!found) throw new Error(`no contract case starts with "${start}"`);
  return found;
}

describe('uploader contract: catches faulty uploaders', () => {
  const faulty: [string, Faults, string][] = [
    ['resolving after a late abort', { ignoreLateAbort: true }, 'uploader.upload - an abort as the stream ends'],
    ['keeping a partial file after an abort', { keepPartial: true }, 'uploader.upload - an image aborted mid-stream'],
    ['keeping a partial file after a stream error', { keepPartial: true }, 'uploader.upload - a video stream that fails mid-way'],
    ['a remove that throws on a second call', { strictRemove: true }, 'uploader.remove - is idempotent'],
    ['a remove that throws on an unknown id', { strictRemove: true }, 'uploader.remove - removing what was never uploaded'],
    ['losing the last bytes', { truncate: true }, 'uploader.upload - an image comes back byte for byte'],
    ['naming files after the stream', { nameFromStream: true }, 'uploader.upload - the id and URL never carry a name'],
    ['ids from a racy counter', { racyCounter: true }, 'uploader.upload - 10 concurrent uploads'],
  ];

  for (const [fault, faults, start] of faulty) {
    it(`an uploader ${fault} fails "${start}"`, async () => {
      const c = caseNamed(start);
      await expect(c.run(envFor(faults))).rejects.toThrow();
      // The same case passes on the uploader without the fault: the failure is the fault's.
      await expect(c.run(envFor({}))).resolves.toBeUndefined();
    });
  }
});
