/*
 * Example servers: Node's connection-level errors (a request that took too long, headers too
 * large, bytes that are not HTTP) answered in the JSON envelope. Node raises them before any
 * framework sees a request, so both servers hand this one handler to the server's `clientError`.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Vault } from '@vaultkit/core';
import { errorReply, type JsonReply } from './replies.js';

/** Node's `clientError` listener (Fastify: the `clientErrorHandler` option). */
export type ClientErrorHandler = (error: Error & { code?: string }, socket: Duplex) => void;

/**
 * Writes the envelope of `errorReply` (408 `REQUEST_TIMEOUT`, 431 `HEADERS_TOO_LARGE`, 400
 * `BAD_REQUEST`, …) straight to the socket with `Connection: close`, then closes it: what Node
 * and Fastify do by default, with their bare or framework-shaped bodies replaced.
 *
 * @example
 * server.on('clientError', clientErrorHandler(vault));
 */
export function clientErrorHandler(vault: Vault): ClientErrorHandler {
  return (error, socket) => {
    // A reset connection has nobody to answer; an answer already under way must not be
    // corrupted by a second one (Node's own default checks the same).
    if (error.code === 'ECONNRESET' || !socket.writable || answerStarted(socket)) {
      socket.destroy();
      return;
    }
    socket.end(rawResponse(errorReply(vault, error)), () => socket.destroy());
  };
}

// --- internal ---

/** Whether the response in flight on this socket has sent its headers (Node keeps it there). */
function answerStarted(socket: Duplex): boolean {
  return (socket as { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
}

/** One complete HTTP/1.1 response, written by hand: there is no response object to use here. */
function rawResponse(reply: JsonReply): string {
  const body = JSON.stringify(reply.body);
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}`];
  for (const [name, value] of Object.entries(reply.headers)) {
    if (/^(connection|content-length|content-type)$/i.test(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item}`);
  }
  lines.push('content-type: application/json; charset=utf-8', `content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
