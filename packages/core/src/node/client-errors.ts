import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { VaultError, type VaultErrorCode } from '../errors/index.js';
import type { VaultResponse } from '../http/types.js';
import { serializeBody } from './response.js';
import type { VaultLike } from './types.js';
import { assertVault } from './vault-shape.js';

/** Node's `clientError` listener; Fastify takes the same function as its `clientErrorHandler` option. */
export type ClientErrorHandler = (error: Error & { code?: string }, socket: Duplex) => void;

/**
 * Answers the errors Node raises before any framework sees a request (a request too slow to
 * arrive: 408 `REQUEST_TIMEOUT`; headers over Node's 16 KiB: 431 `HEADERS_TOO_LARGE`; bytes that
 * are not HTTP: 400 `BAD_REQUEST`) in the vault's JSON envelope, with `Connection: close`, then
 * closes the socket. Without it Node answers with no body, and Fastify with its own JSON shape.
 *
 * @example
 * const server = app.listen(3000);
 * server.on('clientError', clientErrorHandler(vault)); // Express
 * Fastify({ clientErrorHandler: clientErrorHandler(vault) }); // Fastify
 */
export function clientErrorHandler(vault: VaultLike): ClientErrorHandler {
  assertVault(vault, 'clientErrorHandler');
  const { http } = vault;
  return (error, socket) => {
    // A reset connection has nobody to answer; an answer already under way must not be
    // corrupted by a second one (Node's own default checks the same).
    if (error.code === 'ECONNRESET' || !socket.writable || answerStarted(socket)) {
      socket.destroy();
      return;
    }
    const response = http.renderError(new VaultError(codeOf(error), { cause: error }));
    socket.end(rawResponse(response), () => socket.destroy());
  };
}

// --- internal ---

/** Node's client errors by `code`; any other llhttp parse error (`HPE_…`) is a malformed request. */
const CODES: Readonly<Record<string, VaultErrorCode>> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
};

function codeOf(error: { code?: string }): VaultErrorCode {
  return (error.code !== undefined ? CODES[error.code] : undefined) ?? 'BAD_REQUEST';
}

/** Whether the response in flight on this socket has sent its headers (Node keeps it there). */
function answerStarted(socket: Duplex): boolean {
  return (socket as { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
}

/** One complete HTTP/1.1 response, written by hand: there is no response object at this point. */
function rawResponse(response: VaultResponse): string {
  const body = serializeBody(response);
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Error'}`];
  for (const [name, value] of Object.entries(response.headers)) {
    if (/^(connection|content-length|content-type)$/i.test(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
  }
  lines.push('content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
