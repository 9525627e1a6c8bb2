import { createHash, timingSafeEqual } from 'node:crypto';

/** The fields Cloudinary leaves out of the string to sign. */
const UNSIGNED = new Set(['file', 'api_key', 'resource_type', 'cloud_name', 'signature']);

export type SignatureAlgorithm = 'sha1' | 'sha256';

/**
 * Cloudinary's request signature (signature version 2, the SDK's default): the non-empty
 * fields sorted by name as `k=v` joined with `&` (a `&` inside a pair written `%26`, so a value
 * cannot smuggle in another parameter), then the API secret appended, hashed to hex.
 */
export function signParams(params: Record<string, string>, apiSecret: string, algorithm: SignatureAlgorithm): string {
  return createHash(algorithm).update(stringToSign(params) + apiSecret).digest('hex');
}

/** The string the signature covers (what Cloudinary echoes in an "Invalid Signature" answer). */
export function stringToSign(params: Record<string, string>): string {
  return Object.entries(params)
    .filter(([key, value]) => !UNSIGNED.has(key) && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`.replace(/&/g, '%26'))
    .join('&');
}

/** Constant-time comparison of the presented signature with the expected one. */
export function signatureMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
