/*
 * @vaultkit/fastify: Fastify request/reply <-> the core's neutral HTTP types.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). This file only
 * translates; it decides nothing.
 */
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VaultError, isVaultError, type VaultRequest, type VaultResponse } from '@vaultkit/core';

/**
 * Builds the neutral request. The body is the raw stream handed through by the plugin's own
 * content-type parser; `withBody: false` for the app's routes, whose body belongs to the app.
 */
export function toVaultRequest(request: FastifyRequest, withBody: boolean): VaultRequest {
  const socket = request.raw.socket;
  return {
    method: request.method,
    params: { ...(request.params as Record<string, string> | undefined) },
    query: parseQuery(request.raw.url ?? request.url),
    headers: request.headers,
    body: withBody ? streamOf(request.body) : null,
    // The socket's peer, not `request.ip`: the core applies its own `trustProxy` setting.
    remoteAddress: socket.remoteAddress,
    encrypted: Boolean((socket as TLSSocket).encrypted),
  };
}

/** Writes status, headers (a `Set-Cookie` array stays an array) and the JSON body. */
export function sendVaultResponse(reply: FastifyReply, response: VaultResponse): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  if (response.body === undefined) return reply.send();
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(response.body));
}

/**
 * Fastify's own 4xx errors (a bad URL, a body Fastify refused) stay 4xx through the core's
 * envelope; anything else goes to `renderError` as thrown (500 without internals).
 */
export function toVaultError(error: unknown): unknown {
  if (isVaultError(error)) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return error;
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  return new VaultError(code, { cause: error });
}

/**
 * The query string as `name → value`, repeated names as arrays: the same shape as the Express
 * adapter whatever Fastify's `querystringParser`. `Object.fromEntries` keeps `__proto__` a plain key.
 */
export function parseQuery(url: string): Record<string, string | string[]> {
  const at = url.indexOf('?');
  if (at === -1) return {};
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
}

// --- internal ---

function streamOf(body: unknown): Readable | null {
  return body !== null && typeof body === 'object' && typeof (body as Readable).pipe === 'function' ? (body as Readable) : null;
}
