/*
 * @vaultkit/express: Express request/response <-> the core's neutral HTTP types.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). A third-party
 * adapter for another framework can copy this file: it only translates, it decides nothing.
 */
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Request, Response } from 'express';
import { parseQueryString, type VaultRequest, type VaultResponse } from '@vaultkit/core';

/**
 * Builds the neutral request. `withBody: false` for the app's own routes (authentication only),
 * whose params, query and body belong to the app.
 */
export function toVaultRequest(req: Request, withBody: boolean): VaultRequest {
  return {
    method: req.method,
    // The app's own routes only need authenticating: their params and query stay the app's.
    params: withBody ? Object.assign({}, req.params as Record<string, string>) : {},
    query: withBody ? parseQueryString(req.originalUrl ?? req.url) : {},
    headers: req.headers,
    body: withBody ? bodyOf(req) : null,
    remoteAddress: req.socket.remoteAddress,
    encrypted: Boolean((req.socket as TLSSocket).encrypted),
  };
}

/** Writes status, headers (a `Set-Cookie` array stays an array) and the JSON body. */
export function sendVaultResponse(res: Response, response: VaultResponse): void {
  if (res.headersSent) {
    // Nothing sensible can be written any more; end the exchange instead of hanging.
    res.end();
    return;
  }
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(response.body));
}



// --- internal ---

/**
 * The raw request stream: the core reads, limits and parses it. When an app-level
 * `express.json()` already consumed a JSON body, its parsed value is handed on re-serialised
 * (still within body-parser's own limit); mount `vaultRouter` before body parsers to avoid this.
 */
function bodyOf(req: Request): Readable | null {
  if (!req.readableEnded) return req;
  const parsed: unknown = req.body;
  if (parsed === undefined || !/json/i.test(req.headers['content-type'] ?? '')) return null;
  return Readable.from([Buffer.from(JSON.stringify(parsed))]);
}
