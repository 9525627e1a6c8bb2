/*
 * @vaultkit/fastify: the core's route table as a Fastify 5 plugin.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). All behaviour
 * (validation, auth, rate limits, cookies, CSRF, error envelopes) lives in the core; this file
 * only translates.
 */
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromFrameworkError, VaultError, type RouteDefinition, type VaultHttp } from '@vaultkit/core';
import { sendVaultResponse, toVaultRequest } from './translate.js';
import type { VaultkitDecorator, VaultLike, VaultkitOptions } from './types.js';

const plugin: FastifyPluginCallback<VaultkitOptions> = (fastify, options, done) => {
  // Validated at once: a wrong option fails the registration (`register`/`ready` reject), not
  // the first request. `done(error)` rather than `throw`: avvio does not catch a synchronous throw.
  const http = httpOf(options);
  if (!http) {
    done(new TypeError('@vaultkit/fastify: options.vault must be the object returned by createVault()'));
    return;
  }
  const decorator: VaultkitDecorator = {
    requireAuth: () => async (request, reply) => {
      // An async hook that has answered must return the reply to stop the chain.
      if (!(await authenticate(http, request, reply))) return reply;
    },
    requireRole: (roleOrPermission) => {
      if (typeof roleOrPermission !== 'string' || roleOrPermission === '') {
        throw new TypeError('fastify.vault.requireRole(roleOrPermission): expected a role or permission name');
      }
      return async (request, reply) => {
        if (!request.auth && !(await authenticate(http, request, reply))) return reply;
        if (!http.authorize(request.auth!, roleOrPermission)) return sendVaultResponse(reply, http.renderError(new VaultError('FORBIDDEN')));
      };
    },
  };
  fastify.decorate('vault', decorator);
  fastify.decorateRequest('user', null);
  fastify.decorateRequest('auth', null);
  // No onClose hook: the app created the vault and closes it; the plugin opens nothing itself.
  fastify.register(routes(http), { prefix: http.prefix });
  done();
};

/**
 * Registers every route of `vault.http.routes` under `vault.http.prefix` in an encapsulated
 * child (its own body parsers, 404 and error handlers; the app's stay untouched), and decorates
 * the app with `fastify.vault.requireAuth()` / `requireRole()` preHandlers for its own routes.
 * `GET <prefix>/openapi.json` serves the OpenAPI 3.1 document of the routes.
 * The app owns the vault: the plugin never closes it.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * const app = Fastify();
 * await app.register(vaultkit, { vault });
 * app.get('/me', { preHandler: app.vault.requireAuth() }, (req) => ({ user: req.user }));
 */
export const vaultkit = fp(plugin, { fastify: '5.x', name: '@vaultkit/fastify' });

// --- internal ---

function httpOf(options: VaultkitOptions | undefined): VaultHttp | null {
  const http = (options?.vault as Partial<VaultLike> | null | undefined)?.http;
  const valid = http && Array.isArray(http.routes) && typeof http.handle === 'function' && typeof http.prefix === 'string';
  return valid ? http : null;
}

function routes(http: VaultHttp) {
  return async function vaultRoutes(child: FastifyInstance): Promise<void> {
    // The core reads, limits and parses the raw body itself: every type is handed through.
    child.removeAllContentTypeParsers();
    const passThrough = (_req: FastifyRequest, payload: unknown, done: (err: null, body: unknown) => void) => done(null, payload);
    child.addContentTypeParser('application/json', passThrough);
    child.addContentTypeParser('*', passThrough);
    // With an empty prefix the 404 handler would be the app's own: that one stays the app's.
    if (http.prefix !== '') child.setNotFoundHandler((_request, reply) => sendVaultResponse(reply, http.notFound()));
    child.setErrorHandler((error, request, reply) => {
      const response = http.renderError(fromFrameworkError(error));
      // The client sees a bare 500; the app's logger still gets the error.
      if (response.status >= 500) request.log.error({ err: error }, 'vaultkit: unexpected error');
      return sendVaultResponse(reply, response);
    });
    for (const route of http.routes) child.route({ method: route.method, url: route.path, handler: handler(http, route) });
    // The OpenAPI 3.1 document of the same declarations (built once by the core).
    child.get('/openapi.json', async () => http.openapi());
  };
}

function handler(http: VaultHttp, route: RouteDefinition) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      return sendVaultResponse(reply, await http.handle(route, toVaultRequest(request, true)));
    } catch (error) {
      // `handle` never rejects by contract; this keeps every failure in the core's envelope.
      return sendVaultResponse(reply, http.renderError(error));
    }
  };
}

/** Fills `request.auth`/`request.user`, or answers the failure (and resolves `false`). */
async function authenticate(http: VaultHttp, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  try {
    const result = await http.authenticate(toVaultRequest(request, false));
    if (!result.ok) {
      sendVaultResponse(reply, result.response);
      return false;
    }
    request.auth = result.auth;
    request.user = { id: result.auth.userId, role: result.auth.role, sessionId: result.auth.sessionId };
    return true;
  } catch (error) {
    sendVaultResponse(reply, http.renderError(error));
    return false;
  }
}
