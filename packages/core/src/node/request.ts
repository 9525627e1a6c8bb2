import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { parseQueryString } from '../http/query.js';
import type { VaultRequest } from '../http/types.js';

/**
 * Shared by every authentication-only request, and by every route request without path
 * parameters or query string: the core never writes into these. One frozen object instead of
 * two per request.
 */
const NONE: Record<string, never> = Object.freeze({});

/**
 * The neutral request for one of the vault's routes, read from Node's request. `params` are the
 * path parameters the framework's router matched (copied into a plain object; `undefined` for a
 * route without any); the query string is parsed from `req.url` with `parseQueryString`,
 * whatever the framework's own query parser;
 * `body` is the raw stream the core reads, limits and parses (`null` when there is none).
 *
 * @example
 * const response = await vault.http.handle(route, toVaultRequest(req, req.params, req));
 */
export function toVaultRequest(req: IncomingMessage, params: object | undefined, body: Readable | null): VaultRequest {
  const socket = req.socket;
  const url = req.url ?? '';
  return {
    method: req.method ?? 'GET',
    params: params === undefined ? NONE : (Object.assign({}, params) as Record<string, string>),
    // The query string survives a framework's mount-path rewrite of `req.url`.
    query: url.includes('?') ? parseQueryString(url) : NONE,
    headers: req.headers,
    body,
    // The socket's peer, not a framework's `req.ip`: the core applies its own `trustProxy`.
    remoteAddress: socket.remoteAddress,
    encrypted: (socket as Partial<TLSSocket>).encrypted === true,
  };
}

/**
 * The neutral request for authenticating one of the app's own routes: headers, method and
 * socket only. Its params, query and body stay the app's and are never read.
 *
 * @example
 * const result = await vault.http.authenticate(toAuthRequest(req));
 */
export function toAuthRequest(req: IncomingMessage): VaultRequest {
  const socket = req.socket;
  return {
    method: req.method ?? 'GET',
    params: NONE,
    query: NONE,
    headers: req.headers,
    body: null,
    remoteAddress: socket.remoteAddress,
    encrypted: (socket as Partial<TLSSocket>).encrypted === true,
  };
}
