import { ZodError } from 'zod';
import { formatSeconds } from '../config/duration.js';
import { ERROR_TABLE } from '../errors/codes.js';
import { VaultError } from '../errors/vault-error.js';
import { errorResponse } from './envelope.js';
import type { VaultResponse } from './types.js';
import { toDetails } from './validate.js';

/**
 * The error envelope for anything thrown. A `VaultError` keeps its status, code, message and
 * details; a `ZodError` is a 400 `VALIDATION_FAILED`; anything else is a 500 `INTERNAL_ERROR`
 * with the generic message, never the error's own message or stack (they can hold internals).
 * A 429 carries `Retry-After` (never earlier than the window's reset) and `retryAfter` /
 * `retryAfterFormatted` in the body.
 *
 * @example
 * app.use((err, req, res, next) => { const r = vault.http.renderError(err); res.status(r.status).set(r.headers).json(r.body) })
 */
export function renderError(error: unknown, now: number = Date.now()): VaultResponse {
  if (error instanceof VaultError) {
    if (error.status !== 429) {
      return errorResponse(error.status, { code: error.code, message: error.message, details: error.details });
    }
    const seconds = retryAfterSeconds(error, now);
    return errorResponse(
      429,
      { code: error.code, message: error.message, retryAfter: seconds, retryAfterFormatted: formatSeconds(seconds) },
      { 'Retry-After': String(seconds) },
    );
  }
  if (error instanceof ZodError || isZodErrorLike(error)) {
    return errorResponse(400, { code: 'VALIDATION_FAILED', message: ERROR_TABLE.VALIDATION_FAILED.message, details: toDetails(error as ZodError) });
  }
  return errorResponse(500, { code: 'INTERNAL_ERROR', message: ERROR_TABLE.INTERNAL_ERROR.message });
}

// --- internal ---

/** Seconds to wait: the error's own value, raised so that it never precedes the announced reset. */
function retryAfterSeconds(error: VaultError, now: number): number {
  let seconds = Math.max(1, Math.ceil(error.retryAfter ?? 1));
  const limit = (error as { limit?: { resetAt: number } }).limit;
  if (limit) seconds = Math.max(seconds, Math.ceil((limit.resetAt - now) / 1000));
  return seconds;
}

/** A ZodError from another copy of zod (the app's own). */
function isZodErrorLike(error: unknown): boolean {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}
