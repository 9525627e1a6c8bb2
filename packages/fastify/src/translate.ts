/*
 * @vaultkit/fastify: a `VaultResponse` written through Fastify's reply.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). The reply API
 * (not `reply.raw`) keeps the app's hooks and headers (CORS, helmet, onSend) on vault answers.
 */
import type { FastifyReply } from 'fastify';
import type { VaultResponse } from '@vaultkit/core';
import { JSON_CONTENT_TYPE, serializeBody } from '@vaultkit/core/node';

/** Writes status, headers (a `Set-Cookie` array stays an array) and the JSON body. */
export function sendVaultResponse(reply: FastifyReply, response: VaultResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.body === undefined) return reply.send();
  return reply.type(JSON_CONTENT_TYPE).send(serializeBody(response));
}
