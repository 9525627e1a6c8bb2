import { DependencyError, VaultError } from '@vaultkit/core';
import { SdkFailure } from './sdk.js';

const DEPENDENCY = 'uploader';

/**
 * A Cloudinary or network failure as a vaultkit error, the raw one kept as `cause`:
 * - refused credentials (401/403: unknown API key, invalid signature, wrong cloud name) →
 *   `DependencyError` whose message says so (the API secret never appears);
 * - a file Cloudinary will not take (400 "File size too large" → `PAYLOAD_TOO_LARGE`,
 *   "Invalid image/video file" → `UNSUPPORTED_MEDIA_TYPE`), which retrying would not fix;
 * - anything else (5xx, 420/429, timeouts, refused or reset connections) → `DependencyError` (503).
 * Errors that are not the SDK's (the caller's stream failing) pass through unchanged.
 */
export function toVaultError(error: unknown): unknown {
  if (!(error instanceof SdkFailure)) return error;
  const { status, message } = describe(error.raw);
  const cause = new Error(status ? `Cloudinary answered ${status}: ${message}` : `Cloudinary request failed: ${message}`, { cause: error.raw });
  if (status === 401 || status === 403) {
    const refused = new DependencyError(DEPENDENCY, { cause });
    refused.message = 'The uploader is unavailable: Cloudinary refused the credentials (check the API key, API secret and cloud name)';
    return refused;
  }
  if (status === 400 && /file size too large/i.test(message)) return new VaultError('PAYLOAD_TOO_LARGE', { message: 'The file is larger than the media service accepts', cause });
  if (status === 400 && /invalid (image|video) file|unsupported video format/i.test(message)) return new VaultError('UNSUPPORTED_MEDIA_TYPE', { message: 'The media service could not read this file', cause });
  return new DependencyError(DEPENDENCY, { cause });
}

/** An unexpected answer (no public id, no URL) is the service misbehaving: 503. */
export function unexpectedAnswer(what: string): DependencyError {
  return new DependencyError(DEPENDENCY, { cause: new Error(`Cloudinary answered without ${what}`) });
}

// --- internal ---

/** The SDK reports API errors as `{ message, http_code }` objects and network errors as `Error`s. */
function describe(raw: unknown): { status: number | undefined; message: string } {
  const record = (raw ?? {}) as { http_code?: unknown; message?: unknown; code?: unknown };
  const status = typeof record.http_code === 'number' ? record.http_code : undefined;
  const message = typeof record.message === 'string' ? record.message : typeof record.code === 'string' ? record.code : 'unknown error';
  // 499 is the SDK's own code for its timeout, not an answer from Cloudinary.
  return { status: status === 499 ? undefined : status, message };
}
