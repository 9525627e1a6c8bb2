/*
 * Example servers: the answers of the server's own routes (probes, dev inbox, OpenAPI, 404, errors) as
 * neutral `{ status, headers, body }` values, so both frameworks answer exactly the same.
 */
import { VaultError, isVaultError, type OutboxMailer, type Vault } from '@vaultkit/core';

/** A JSON answer; the framework writes `body` with `Content-Type: application/json`. */
export interface JsonReply {
  status: number;
  headers: Record<string, string | string[]>;
  body: unknown;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** `GET /health`: liveness. Answers at once: no limiter, no store, no await. */
export function healthReply(): JsonReply {
  return { status: 200, headers: NO_STORE, body: { status: 'success', data: { status: 'ok' } } };
}

/**
 * `GET /ready`: 200 when `vault.ready()` resolves (storage, mailer, uploader answer), else the
 * core's 503 envelope. A draining server answers 503 so a load balancer stops sending to it.
 */
export async function readyReply(vault: Vault, draining: boolean): Promise<JsonReply> {
  if (draining) {
    return {
      status: 503,
      headers: { ...NO_STORE, 'retry-after': '5' },
      body: { status: 'error', code: 'DEPENDENCY_UNAVAILABLE', message: 'The server is shutting down' },
    };
  }
  try {
    await vault.ready();
    return { status: 200, headers: NO_STORE, body: { status: 'success', data: { status: 'ready' } } };
  } catch (error) {
    const reply = vault.http.renderError(error);
    return { ...reply, headers: { ...reply.headers, ...NO_STORE } };
  }
}

/**
 * `GET /dev/outbox?to=EMAIL` (outside production, outbox mailer only): the mails sent to that
 * address, newest first. The demo page and black-box tests read OTP codes from it.
 */
export function devOutboxReply(outbox: OutboxMailer, query: Record<string, unknown>): JsonReply {
  const to = typeof query.to === 'string' ? query.to.trim() : '';
  if (to === '') {
    return {
      status: 400,
      headers: NO_STORE,
      body: { status: 'error', code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ path: 'to', message: 'is required' }] },
    };
  }
  const data = outbox.messages(to).map(({ to: recipient, subject, text, html, sentAt }) => ({ to: recipient, subject, text, html, sentAt }));
  return { status: 200, headers: NO_STORE, body: { status: 'success', data } };
}

/** Any path no route matches: the core's 404 envelope (JSON, like everything else). */
export function notFoundReply(vault: Vault): JsonReply {
  return vault.http.notFound();
}

/** A preflight from a trusted origin without a valid `Access-Control-Request-Method`. */
export function badPreflightReply(vault: Vault): JsonReply {
  return vault.http.renderError(new VaultError('BAD_REQUEST', { message: 'The CORS preflight request is invalid' }));
}

/** Statuses that close the connection: the core's codes for them. */
const CLOSING_CODES: Record<number, 'REQUEST_TIMEOUT' | 'HEADERS_TOO_LARGE'> = {
  408: 'REQUEST_TIMEOUT',
  431: 'HEADERS_TOO_LARGE',
};

/**
 * Anything thrown outside the vault routes: the envelope, 500 without internals (no framework
 * code such as `FST_…`, no message, no stack). A framework's 4xx (bad JSON, a malformed `%`, a
 * refused body, a timeout) stays that 4xx. 408 and 431 close the connection: the rest of the
 * request is not worth reading. (Node's own client errors, raised before any framework sees the
 * request, are answered by `clientErrorHandler` from the adapters.)
 */
export function errorReply(vault: Vault, error: unknown): JsonReply {
  const status = clientErrorStatus(error);
  if (status === undefined) return vault.http.renderError(error);
  const closing = CLOSING_CODES[status];
  if (closing) {
    const reply = vault.http.renderError(new VaultError(closing, { cause: error }));
    return { ...reply, headers: { ...reply.headers, connection: 'close' } };
  }
  const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
  return vault.http.renderError(new VaultError(code, { cause: error }));
}

// --- internal ---

/** The 4xx a framework error stands for, or `undefined` (a vault error, or a bug: 500). */
function clientErrorStatus(error: unknown): number | undefined {
  if (isVaultError(error) || error === null || typeof error !== 'object') return undefined;
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const declared = typeof statusCode === 'number' ? statusCode : status;
  return typeof declared === 'number' && declared >= 400 && declared < 500 ? declared : undefined;
}
