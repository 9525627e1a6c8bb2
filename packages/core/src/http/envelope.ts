import type { ErrorDetail } from '../errors/vault-error.js';
import type { VaultErrorCode } from '../errors/codes.js';
import type { VaultResponse } from './types.js';

/** Error and token answers must never be stored by a browser or a proxy. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** `{ status: 'success', data?, message? }`. */
export interface SuccessEnvelope {
  status: 'success';
  data?: unknown;
  message?: string;
}

/** `{ status: 'error', code, message, details?, retryAfter?, retryAfterFormatted? }`. */
export interface ErrorEnvelope {
  status: 'error';
  code: VaultErrorCode;
  message: string;
  details?: ErrorDetail[];
  retryAfter?: number;
  retryAfterFormatted?: string;
}

/**
 * The success envelope; `data` and `message` are left out when absent.
 *
 * @example
 * successResponse({ status: 201, data: { id } }) // { status: 201, body: { status: 'success', data: { id } } }
 */
export function successResponse(input: { status?: number; data?: unknown; message?: string; headers?: Record<string, string | string[]> }): VaultResponse {
  const body: SuccessEnvelope = { status: 'success' };
  if (input.data !== undefined) body.data = input.data;
  if (input.message !== undefined) body.message = input.message;
  return { status: input.status ?? 200, headers: withNoStore(input.headers), body };
}

/** The error envelope with `Cache-Control: no-store`. */
export function errorResponse(status: number, envelope: Omit<ErrorEnvelope, 'status'>, headers: Record<string, string> = {}): VaultResponse {
  const body: ErrorEnvelope = { status: 'error', code: envelope.code, message: envelope.message };
  if (envelope.details && envelope.details.length > 0) body.details = envelope.details;
  if (envelope.retryAfter !== undefined) body.retryAfter = envelope.retryAfter;
  if (envelope.retryAfterFormatted !== undefined) body.retryAfterFormatted = envelope.retryAfterFormatted;
  return { status, headers: withNoStore(headers), body };
}

/** `Cache-Control: no-store` plus `extra` (no object spread: this runs on every response). */
function withNoStore(extra: Record<string, string | string[]> | undefined): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { 'Cache-Control': NO_STORE['Cache-Control'] };
  return extra ? Object.assign(headers, extra) : headers;
}
