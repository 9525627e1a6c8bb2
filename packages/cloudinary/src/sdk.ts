import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Writable } from 'node:stream';
import { v2 as cloudinary, type UploadApiOptions, type UploadApiResponse } from 'cloudinary';
import type { ResolvedConfig } from './options.js';

/** What the SDK reported instead of an answer (an API error object or a network error). */
export class SdkFailure extends Error {
  readonly raw: unknown;
  constructor(raw: unknown) {
    super('Cloudinary request failed');
    this.name = 'SdkFailure';
    this.raw = raw;
  }
}

/** The SDK's answer to one call, settled once (the SDK may report a request twice). */
export interface SdkCall<T> {
  callback: (error?: unknown, result?: T) => void;
  /** Rejects with `SdkFailure`; never unhandled. */
  answer: Promise<T>;
}

/**
 * The agent for one upload (or for one uploader's small requests). Its protocol follows the
 * upload prefix, which is what lets the SDK speak plain http to a loopback endpoint: the SDK
 * picks `http` or `https` once, at load, from the global config, and a request whose agent has
 * the other protocol is still sent over the agent's. `destroy()` cuts whatever is in flight.
 */
export function createAgent(config: ResolvedConfig): HttpAgent {
  return config.uploadPrefix.startsWith('http:') ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
}

/**
 * The SDK options every call gets: the account travels with each call, so two uploaders with
 * different accounts never share the SDK's global config.
 */
export function callOptions(config: ResolvedConfig, agent: HttpAgent, extra: UploadApiOptions): UploadApiOptions {
  return {
    cloud_name: config.cloudName,
    api_key: config.apiKey,
    api_secret: config.apiSecret,
    upload_prefix: config.uploadPrefix,
    signature_algorithm: config.signatureAlgorithm,
    signature_version: 2,
    timeout: config.timeout,
    agent,
    ...extra,
  };
}

export function sdkCall<T>(): SdkCall<T> {
  let settle!: SdkCall<T>['callback'];
  const answer = new Promise<T>((resolve, reject) => {
    settle = (error, result) => (error ? reject(new SdkFailure(error)) : resolve(result as T));
  });
  answer.catch(() => {});
  return { callback: settle, answer };
}

/**
 * A signed `upload_stream`: write the file (or one chunk, with `x_unique_upload_id` and
 * `content_range` in the options) into the returned stream.
 */
export function uploadStream(options: UploadApiOptions, call: SdkCall<UploadApiResponse>): Writable {
  return cloudinary.uploader.upload_stream(options, call.callback);
}

/** A signed `destroy`: resolves with Cloudinary's `result` (`ok`, `not found`…). */
export function destroy(publicId: string, options: UploadApiOptions): Promise<string> {
  const call = sdkCall<{ result?: string }>();
  cloudinary.uploader.destroy(publicId, options, call.callback);
  return call.answer.then((answer) => String(answer?.result));
}
