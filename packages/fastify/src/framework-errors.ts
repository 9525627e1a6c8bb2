/*
 * @vaultkit/fastify: the core's envelope for the errors Fastify answers before any plugin runs.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromFrameworkError } from '@vaultkit/core';
import { sendVaultResponse } from './translate.js';
import type { VaultLike } from './types.js';

/**
 * A `frameworkErrors` handler for the Fastify constructor. Fastify answers a malformed URL
 * (bad `%` encoding) or a path parameter over `maxParamLength` itself, with its own JSON shape,
 * before routing reaches any plugin; this renders them as the core's 400 envelope instead.
 * Optional: it applies to the whole server, so the app opts in.
 *
 * @example
 * const app = Fastify({ frameworkErrors: vaultkitFrameworkErrors(vault) });
 * await app.register(vaultkit, { vault });
 */
export function vaultkitFrameworkErrors(vault: VaultLike): (error: Error, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, _request, reply) => {
    sendVaultResponse(reply, vault.http.renderError(fromFrameworkError(error)));
  };
}
