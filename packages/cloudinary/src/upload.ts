import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadOptions, UploadResult } from '@vaultkit/core';
import type { UploadApiResponse } from 'cloudinary';
import { toVaultError, unexpectedAnswer } from './errors.js';
import type { ResolvedConfig } from './options.js';
import { rechunk, type Chunk } from './rechunk.js';
import { callOptions, createAgent, sdkCall, uploadStream, type SdkCall } from './sdk.js';

/** What an upload needs from its uploader. */
export interface UploadDeps {
  config: ResolvedConfig;
  /** Removes a stored file (used when an abort came too late to stop the upload). */
  remove: (publicId: string, kind: UploadOptions['kind']) => Promise<void>;
}

/**
 * One signed upload, streamed: images (and videos up to one chunk) in one `upload_stream`
 * request, larger videos in chunks (Cloudinary's chunked upload protocol). The upload has its
 * own agent, so aborting cuts exactly its requests. Until the request that completes the file
 * can have been sent (the stream's end for one request, the last chunk for a chunked upload),
 * an abort or a failing stream cuts the request and Cloudinary keeps nothing; after that point
 * the upload is let finish and what it stored is removed, since cutting could no longer tell
 * whether it landed.
 */
export async function uploadFile(source: Readable, options: UploadOptions, deps: UploadDeps): Promise<UploadResult> {
  const { signal } = options;
  if (signal.aborted) {
    source.destroy();
    throw signal.reason;
  }
  const job: Job = { options, deps, agent: createAgent(deps.config) };
  try {
    const answer = options.kind === 'video' ? await video(source, job) : await streamed(source, job);
    return await toResult(answer, job);
  } catch (error) {
    throw toVaultError(error);
  } finally {
    job.agent.destroy();
  }
}

// --- internal ---

interface Job {
  options: UploadOptions;
  deps: UploadDeps;
  agent: Agent;
}

/** One upload in flight. */
interface Run {
  /** Settles once every byte is handed to the SDK; rejects on a failure meanwhile. */
  sending: Promise<void>;
  /** The answer to the request that completes the file. */
  answer: () => Promise<UploadApiResponse>;
  /** Stops reading the input (destroys it) and the SDK stream. */
  cut: () => void;
  /** Whether the request that completes the file may have been sent. */
  committed: () => boolean;
}

/** The SDK options of this upload; `public_id` is the server-chosen name, never the client's. */
function sdkOptions(job: Job, extra: Record<string, unknown> = {}) {
  const { kind, folder, filename } = job.options;
  return callOptions(job.deps.config, job.agent, { resource_type: kind, folder, public_id: filename, ...extra });
}

async function streamed(source: Readable, job: Job): Promise<UploadApiResponse> {
  const call = sdkCall<UploadApiResponse>();
  const sdk = uploadStream(sdkOptions(job), call);
  return finish(job, {
    sending: handOver(source, sdk, call),
    answer: () => call.answer,
    cut: () => (source.destroy(), sdk.destroy()),
    // The closing boundary follows the stream's end: before it, Cloudinary cannot complete the file.
    committed: () => source.readableEnded,
  });
}

/**
 * A video: one request when it fits in one chunk, otherwise Cloudinary's chunked protocol (the
 * one `upload_chunked_stream` speaks: a signed upload request per chunk, in order, with one
 * `X-Unique-Upload-Id` and a `Content-Range` whose total is `-1` until the last chunk). Each
 * chunk is sent through `upload_stream` from the pieces as they arrived: `upload_chunked_stream`
 * itself copies each chunk twice (and more when fed small writes), and it never calls back a
 * write whose chunk failed, so it would cost three times the memory and leave writes hanging.
 */
async function video(source: Readable, job: Job): Promise<UploadApiResponse> {
  const chunks = rechunk(job.deps.config.chunkSize);
  // Its failures (the source's error) come out of the iterator below.
  pipeline(source, chunks).catch(() => {});
  const iterator = chunks[Symbol.asyncIterator]() as AsyncIterator<Chunk>;
  let first: IteratorResult<Chunk>;
  try {
    first = await untilAborted(iterator.next(), job.options.signal);
  } catch (error) {
    source.destroy();
    chunks.destroy();
    throw job.options.signal.aborted ? job.options.signal.reason : error;
  }
  if (first.done || first.value.last) return streamed(Readable.from(first.done ? [] : first.value.pieces), job);

  const uploadId = randomBytes(16).toString('hex');
  let current: { body: Readable; sdk: Writable; call: SdkCall<UploadApiResponse>; last: boolean } | undefined;
  /** Sends one chunk starting at byte `start`; resolves with the next start once it is answered. */
  const send = async (chunk: Chunk, start: number): Promise<number> => {
    const end = start + chunk.length - 1;
    const call = sdkCall<UploadApiResponse>();
    const contentRange = `bytes ${start}-${end}/${chunk.last ? end + 1 : -1}`;
    const sdk = uploadStream(sdkOptions(job, { x_unique_upload_id: uploadId, content_range: contentRange }), call);
    current = { body: Readable.from(chunk.pieces), sdk, call, last: chunk.last };
    await handOver(current.body, sdk, call);
    // In order, as Cloudinary assembles them: the next chunk waits for this one's answer.
    if (!chunk.last) {
      await call.answer;
      chunk.release(); // all of it was received: its buffer can take the chunk after next
    }
    return end + 1;
  };
  const sending = (async () => {
    let start = await send(first.value, 0);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) start = await send(next.value, start);
  })();
  return finish(job, {
    sending,
    answer: () => current!.call.answer,
    cut: () => (source.destroy(), chunks.destroy(), current?.body.destroy(), current?.sdk.destroy()),
    // Only the last chunk completes the file, once its body is handed over.
    committed: () => current?.last === true && current.body.readableEnded,
  });
}

/** Pipes `body` into an SDK upload stream: settles once all is handed over, or as soon as the SDK fails. */
function handOver(body: Readable, sdk: Writable, call: SdkCall<UploadApiResponse>): Promise<void> {
  const piping = pipeline(body, sdk);
  // After an early SDK failure the pipe is cut, and this rejection is nobody's news.
  piping.catch(() => {});
  return Promise.race([piping, call.answer.then(() => {})]);
}

/**
 * Waits until every byte is handed to the SDK (or the SDK fails, or the signal aborts), then
 * for the answer. A failure while sending cuts the request and the input, unless the file may
 * already be complete (`committed`): then the answer is awaited and what it stored removed.
 */
async function finish(job: Job, run: Run): Promise<UploadApiResponse> {
  const { signal } = job.options;
  run.sending.catch(() => {});
  try {
    await untilAborted(run.sending, signal);
  } catch (error) {
    if (!signal.aborted || !run.committed()) {
      run.cut();
      job.agent.destroy();
      throw signal.aborted ? signal.reason : error;
    }
  }
  let answer: UploadApiResponse;
  try {
    answer = await run.answer();
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
  if (signal.aborted) {
    await removeQuietly(answer, job);
    throw signal.reason;
  }
  return answer;
}

async function toResult(answer: UploadApiResponse, job: Job): Promise<UploadResult> {
  const url = answer?.secure_url || answer?.url;
  const bytes = Number(answer?.bytes);
  if (typeof answer?.public_id !== 'string' || !answer.public_id || typeof url !== 'string' || !url || !Number.isFinite(bytes)) {
    await removeQuietly(answer, job);
    throw unexpectedAnswer('a public id, a URL or a size');
  }
  // The sniffed format, in the port's words (`jpeg`, not Cloudinary's `jpg`).
  const result: UploadResult = { publicId: answer.public_id, url, bytes, format: job.options.format };
  for (const key of ['width', 'height', 'duration'] as const) {
    const value = (answer as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) result[key] = value;
  }
  return result;
}

async function removeQuietly(answer: UploadApiResponse | undefined, job: Job): Promise<void> {
  if (typeof answer?.public_id !== 'string' || !answer.public_id) return;
  // Best effort: the upload is rejected either way, and a failed removal must not hide why.
  await job.deps.remove(answer.public_id, job.options.kind).catch(() => {});
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
