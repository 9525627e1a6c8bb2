import type { AssetKind } from '@vaultkit/core';
import { expect } from 'vitest';
import { pngSample } from './samples.js';
import { digest, type UploaderContractEnv } from './setup.js';
import { failingStream, stallingStream, streamOf, until } from './streams.js';

/** One guarantee of the `Uploader` port, runnable against any env. */
export interface UploaderCase {
  name: string;
  /** What the case cannot run without: `options.list`, or an uploader with `ping`. */
  needs?: 'list' | 'ping';
  run: (env: UploaderContractEnv) => Promise<void>;
}

const KINDS: AssetKind[] = ['image', 'video'];
const A: Record<AssetKind, string> = { image: 'an image', video: 'a video' };
/** Bytes handed over before a stream stalls or fails: more than one 16 KiB piece. */
const PARTIAL = 64 * 1024;

/** Every case of the contract, in the order the suite runs them. */
export const uploaderCases: UploaderCase[] = [
  ...KINDS.map((kind): UploaderCase => ({
    name: `uploader.upload - ${A[kind]} comes back byte for byte, with its size and format`,
    async run(env) {
      const sample = env.samples[kind];
      const result = env.track(await env.uploader.upload(streamOf(sample.bytes), env.optionsFor(kind, sample)), kind);
      expect(result.publicId).toEqual(expect.any(String));
      expect(result.publicId).not.toBe('');
      expect(result.url).toEqual(expect.any(String));
      expect(result.bytes).toBe(sample.bytes.length);
      expect(result.format).toBe(sample.format);
      for (const key of ['width', 'height', 'duration'] as const) {
        if (result[key] !== undefined) expect(result[key]).toBeGreaterThan(0);
      }
      expect(digest(await env.read(result))).toBe(digest(sample.bytes));
    },
  })),
  {
    name: 'uploader.upload - stores one file under the given folder',
    needs: 'list',
    async run(env) {
      const sample = env.samples.image;
      env.track(await env.uploader.upload(streamOf(sample.bytes), env.optionsFor('image', sample)), 'image');
      await expect(env.list!(env.folder)).resolves.toHaveLength(1);
    },
  },
  {
    name: 'uploader.upload - two uploads get distinct ids and URLs, each keeping its own bytes',
    async run(env) {
      const [a, b] = [pngSample(11), pngSample(12)];
      const first = env.track(await env.uploader.upload(streamOf(a.bytes), env.optionsFor('image', a)), 'image');
      const second = env.track(await env.uploader.upload(streamOf(b.bytes), env.optionsFor('image', b)), 'image');
      expect(second.publicId).not.toBe(first.publicId);
      expect(second.url).not.toBe(first.url);
      expect(digest(await env.read(first))).toBe(digest(a.bytes));
      expect(digest(await env.read(second))).toBe(digest(b.bytes));
    },
  },
  {
    name: 'uploader.upload - the id and URL never carry a name the stream itself brings',
    async run(env) {
      const sample = env.samples.image;
      const marker = 'ClientSideName';
      // What a file stream may carry (fs streams have `path`): the client's name must not leak.
      const stream = Object.assign(streamOf(sample.bytes), { path: `../${marker}.png`, filename: `${marker}.png` });
      const result = env.track(await env.uploader.upload(stream, env.optionsFor('image', sample)), 'image');
      expect(result.url).not.toContain(marker);
      expect(result.publicId).not.toContain(marker);
    },
  },
  ...KINDS.map((kind): UploaderCase => ({
    name: `uploader.upload - ${A[kind]} aborted mid-stream rejects and stores nothing`,
    async run(env) {
      const sample = env.samples[kind];
      const controller = new AbortController();
      const { stream, consumed } = stallingStream(sample.bytes, PARTIAL);
      const upload = env.uploader.upload(stream, env.optionsFor(kind, sample, controller.signal));
      upload.then((result) => env.track(result, kind), () => {});
      await until(() => consumed() >= PARTIAL, `the uploader did not read the first ${PARTIAL} bytes of the stream`);
      controller.abort(new Error('aborted by the uploader contract'));
      await expect(upload).rejects.toBeDefined();
      if (env.list) await expect(env.list(env.folder)).resolves.toEqual([]);
    },
  })),
  {
    name: 'uploader.upload - an abort as the stream ends (the upload finishing) rejects and stores nothing',
    async run(env) {
      const sample = env.samples.image;
      const controller = new AbortController();
      const stream = streamOf(sample.bytes);
      // Registered before the uploader's own listeners: the abort comes first, as a client
      // that goes away with the last byte.
      stream.once('end', () => controller.abort(new Error('aborted by the uploader contract')));
      const upload = env.uploader.upload(stream, env.optionsFor('image', sample, controller.signal));
      upload.then((result) => env.track(result, 'image'), () => {});
      await expect(upload).rejects.toBeDefined();
      if (env.list) await expect(env.list(env.folder)).resolves.toEqual([]);
    },
  },
  {
    name: 'uploader.upload - an already aborted signal rejects and stores nothing',
    async run(env) {
      const sample = env.samples.image;
      const controller = new AbortController();
      controller.abort(new Error('aborted by the uploader contract'));
      const upload = env.uploader.upload(streamOf(sample.bytes), env.optionsFor('image', sample, controller.signal));
      upload.then((result) => env.track(result, 'image'), () => {});
      await expect(upload).rejects.toBeDefined();
      if (env.list) await expect(env.list(env.folder)).resolves.toEqual([]);
    },
  },
  ...KINDS.map((kind): UploaderCase => ({
    name: `uploader.upload - ${A[kind]} stream that fails mid-way rejects and stores nothing`,
    async run(env) {
      const sample = env.samples[kind];
      const failure = new Error('the client went away (uploader contract)');
      const upload = env.uploader.upload(failingStream(sample.bytes, PARTIAL, failure), env.optionsFor(kind, sample));
      upload.then((result) => env.track(result, kind), () => {});
      await expect(upload).rejects.toBeDefined();
      if (env.list) await expect(env.list(env.folder)).resolves.toEqual([]);
    },
  })),
  {
    name: 'uploader.upload - 10 concurrent uploads all succeed, distinct and intact',
    async run(env) {
      const files = Array.from({ length: 10 }, (_, i) => pngSample(100 + i, { width: 64, height: 48 }));
      const results = await Promise.all(files.map((file) => env.uploader.upload(streamOf(file.bytes), env.optionsFor('image', file)).then((r) => env.track(r, 'image'))));
      expect(new Set(results.map((r) => r.publicId)).size).toBe(10);
      expect(new Set(results.map((r) => r.url)).size).toBe(10);
      const read = await Promise.all(results.map((r) => env.read(r)));
      expect(read.map(digest)).toEqual(files.map((f) => digest(f.bytes)));
      await Promise.all(results.map((r) => env.uploader.remove(r.publicId, 'image')));
      if (env.list) await expect(env.list(env.folder)).resolves.toEqual([]);
    },
  },
  ...KINDS.map((kind): UploaderCase => ({
    name: `uploader.remove - ${A[kind]} is gone once removed`,
    needs: 'list',
    async run(env) {
      const sample = env.samples[kind];
      const result = env.track(await env.uploader.upload(streamOf(sample.bytes), env.optionsFor(kind, sample)), kind);
      await expect(env.list!(env.folder)).resolves.toHaveLength(1);
      await env.uploader.remove(result.publicId, kind);
      await expect(env.list!(env.folder)).resolves.toEqual([]);
    },
  })),
  {
    name: 'uploader.remove - is idempotent: removing twice resolves both times',
    async run(env) {
      const sample = env.samples.image;
      const result = env.track(await env.uploader.upload(streamOf(sample.bytes), env.optionsFor('image', sample)), 'image');
      await expect(env.uploader.remove(result.publicId, 'image')).resolves.toBeUndefined();
      await expect(env.uploader.remove(result.publicId, 'image')).resolves.toBeUndefined();
    },
  },
  {
    name: 'uploader.remove - removing what was never uploaded resolves (both kinds)',
    async run(env) {
      await expect(env.uploader.remove(`${env.folder}/never-uploaded`, 'image')).resolves.toBeUndefined();
      await expect(env.uploader.remove(`${env.folder}/never-uploaded`, 'video')).resolves.toBeUndefined();
    },
  },
  {
    name: 'uploader.ping - resolves while the backend is up',
    needs: 'ping',
    async run(env) {
      await expect(env.uploader.ping!()).resolves.toBeUndefined();
    },
  },
];
