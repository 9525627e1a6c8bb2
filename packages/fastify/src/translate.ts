/*
 * @vaultkit/fastify: Fastify request/reply <-> the core's neutral HTTP types.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). This file only
 * translates; it decides nothing.
 */
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseQueryString, type VaultRequest, type VaultResponse } from '@vaultkit/core';

/**
 * Builds the neutral request. The body is the raw stream handed through by the plugin's own
 * content-type parser; `withBody: false` for the app's routes (authentication only), whose
 * params, query and body belong to the app.
 */
export function toVaultRequest(request: FastifyRequest, withBody: boolean): VaultRequest {
  const socket = request.raw.socket;
  return {
    method: request.method,
    // The app's own routes only need authenticating: their params and query stay the app's.
    params: withBody ? Object.assign({}, request.params as Record<string, string> | undefined) : {},
    query: withBody ? parseQueryString(request.raw.url ?? request.url) : {},
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



// --- internal ---

function streamOf(body: unknown): Readable | null {
  return body !== null && typeof body === 'object' && typeof (body as Readable).pipe === 'function' ? (body as Readable) : null;
}
