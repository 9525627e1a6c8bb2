/** Which Cloudinary account, and where its upload API is. */
export interface CloudinaryAccount {
  cloudName: string;
  apiKey: string;
  /** Signs every request; never sent, logged or put in an error message. */
  apiSecret: string;
  /**
   * The upload API's origin. `http://` works too (a loopback test endpoint): the adapter hands
   * the SDK an agent of the matching protocol, so no environment variable has to be set first.
   * @default 'https://api.cloudinary.com'
   */
  uploadPrefix?: string;
}

export interface CloudinaryUploaderOptions {
  /**
   * A video larger than this is sent with the SDK's `upload_chunked_stream`, in chunks of this
   * size (Cloudinary needs at least 5 MiB per chunk but the last); smaller files go in one
   * streamed request. Each chunk is held in memory while it is sent, so an upload in flight
   * costs a few chunks of memory, whatever the file's size.
   * @default 8 MiB
   */
  chunkSize?: number;
  /** Idle time (ms) after which a request to Cloudinary is given up. @default 60_000 */
  timeout?: number;
  /** The account's signature algorithm (Console → Settings → Security). @default 'sha1' */
  signatureAlgorithm?: 'sha1' | 'sha256';
  /** Ask the CDN to drop cached copies when a file is removed (takes effect within minutes). @default true */
  invalidate?: boolean;
}

export const MIN_CHUNK_SIZE = 5 * 1024 * 1024;

/** The account and options, checked: every problem is a `TypeError` that never quotes the secret. */
export interface ResolvedConfig extends Required<CloudinaryAccount>, Required<CloudinaryUploaderOptions> {}

/**
 * Reads `cloudinary://<api_key>:<api_secret>@<cloud_name>[?upload_prefix=<origin>]` (the
 * `CLOUDINARY_URL` of the Cloudinary console).
 *
 * @example
 * const account = parseCloudinaryUrl(process.env.CLOUDINARY_URL!);
 */
export function parseCloudinaryUrl(value: string): CloudinaryAccount {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(CLOUDINARY_URL_SHAPE);
  }
  if (url.protocol !== 'cloudinary:' || !url.username || !url.password || !url.hostname) throw new TypeError(CLOUDINARY_URL_SHAPE);
  const uploadPrefix = url.searchParams.get('upload_prefix');
  return {
    cloudName: decodeURIComponent(url.hostname),
    apiKey: decodeURIComponent(url.username),
    apiSecret: decodeURIComponent(url.password),
    ...(uploadPrefix ? { uploadPrefix } : {}),
  };
}

export function resolveConfig(account: string | CloudinaryAccount, options: CloudinaryUploaderOptions): ResolvedConfig {
  const given = typeof account === 'string' ? parseCloudinaryUrl(account) : account;
  for (const key of ['cloudName', 'apiKey', 'apiSecret'] as const) {
    if (typeof given?.[key] !== 'string' || given[key] === '') throw new TypeError(`cloudinaryUploader: ${key} is required (or pass a CLOUDINARY_URL)`);
  }
  const uploadPrefix = (given.uploadPrefix ?? 'https://api.cloudinary.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(uploadPrefix)) throw new TypeError('cloudinaryUploader: uploadPrefix must be an http(s) origin such as https://api.cloudinary.com');
  const chunkSize = options.chunkSize ?? 8 * 1024 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE) throw new TypeError('cloudinaryUploader: chunkSize must be an integer of at least 5 MiB (5242880), as Cloudinary requires');
  const timeout = options.timeout ?? 60_000;
  if (!Number.isFinite(timeout) || timeout <= 0) throw new TypeError('cloudinaryUploader: timeout must be a positive number of milliseconds');
  const signatureAlgorithm = options.signatureAlgorithm ?? 'sha1';
  if (signatureAlgorithm !== 'sha1' && signatureAlgorithm !== 'sha256') throw new TypeError("cloudinaryUploader: signatureAlgorithm must be 'sha1' or 'sha256'");
  return {
    cloudName: given.cloudName,
    apiKey: given.apiKey,
    apiSecret: given.apiSecret,
    uploadPrefix,
    chunkSize,
    timeout,
    signatureAlgorithm,
    invalidate: options.invalidate ?? true,
  };
}

// --- internal ---

const CLOUDINARY_URL_SHAPE = 'cloudinaryUploader: CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>';
