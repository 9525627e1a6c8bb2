/*
 * @vaultkit/fastify: the core's route table as a Fastify 5 plugin.
 *
 * Adapters import only @vaultkit/core's public entry points (`@vaultkit/core`,
 * `@vaultkit/core/node`), never its files. All behaviour (validation, auth, rate limits,
 * cookies, CSRF, error envelopes) lives in the core; this file only speaks Fastify.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromFrameworkError, type RouteDefinition, type VaultHttp, type VaultLogger, type VaultResponse } from '@vaultkit/core';
import { loggerOf, toVaultRequest, vaultHttpOf } from '@vaultkit/core/node';
import { createGuards, rejectUncalledGuards } from './guards.js';
import { sendVaultResponse } from './translate.js';
import type { VaultkitOptions } from './types.js';

const plugin: FastifyPluginCallback<VaultkitOptions> = (fastify, options, done) => {
  // Every problem fails the registration (`register`/`ready` reject), not the first request, and
  // goes through `done(error)`: avvio does not catch a synchronous throw, so it would kill the process.
  const http = vaultHttpOf(options?.vault);
  if (!http) return done(new TypeError('@vaultkit/fastify: options.vault must be the object returned by createVault()'));
  const decoratorName = options.decoratorName ?? 'user';
  const conflict = decorationConflict(fastify, decoratorName);
  if (conflict) return done(conflict);
  const logger = loggerOf(options.vault);
  const guards = createGuards({ http, logger, decoratorName });
  fastify.decorate('vault', guards);
  fastify.decorateRequest(decoratorName, null);
  fastify.decorateRequest('auth', null);
  fastify.addHook('onRoute', rejectUncalledGuards(guards));
  // No onClose hook: the app created the vault and closes it; the plugin opens nothing itself.
  fastify.register(routes(http, logger), { prefix: http.prefix });
  done();
};

/**
 * Registers every route of `vault.http.routes` under `vault.http.prefix` in an encapsulated
 * child (its own body parsers, 404 and error handlers; the app's stay untouched), and decorates
 * the app with `fastify.vault.requireAuth()` / `requireRole()` preHandlers for its own routes.
 * They fill `request.auth` and `request.user`, or the property named by `decoratorName` (beside
 * @fastify/jwt, which decorates `request.user` itself). `GET <prefix>/openapi.json` serves the
 * OpenAPI 3.1 document of the routes. The app owns the vault: the plugin never closes it.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * const app = Fastify();
 * await app.register(vaultkit, { vault });
 * app.get('/me', { preHandler: app.vault.requireAuth() }, async (request) => ({ user: request.user }));
 *
 * @example
 * await app.register(fastifyJwt, { secret }); // request.user is @fastify/jwt's
 * await app.register(vaultkit, { vault, decoratorName: 'vault' }); // request.vault is vaultkit's
 */
export const vaultkit = fp(plugin, { fastify: '5.x', name: '@vaultkit/fastify' });

// --- internal ---

/** A `TypeError` when a name the plugin decorates is not free in this app, else `null`. */
function decorationConflict(fastify: FastifyInstance, decoratorName: unknown): TypeError | null {
  if (typeof decoratorName !== 'string' || decoratorName === '' || decoratorName === 'auth') {
    return new TypeError("@vaultkit/fastify: the decoratorName option must be a property name other than 'auth' (default 'user')");
  }
  if (fastify.hasDecorator('vault')) return new TypeError('@vaultkit/fastify: fastify.vault is already decorated (by another plugin, or vaultkit registered twice in this scope).');
  if (fastify.hasRequestDecorator(decoratorName)) {
    return new TypeError(
      `@vaultkit/fastify: request.${decoratorName} is already decorated by another plugin (@fastify/jwt decorates request.user). ` +
        `Choose a free request property with the decoratorName option, e.g. register(vaultkit, { vault, decoratorName: 'vault' }).`,
    );
  }
  if (fastify.hasRequestDecorator('auth')) return new TypeError('@vaultkit/fastify: request.auth is already decorated by another plugin; vaultkit sets it.');
  return null;
}

function routes(http: VaultHttp, logger: VaultLogger) {
  return async function vaultRoutes(child: FastifyInstance): Promise<void> {
    // The core reads, limits and parses the raw body itself: every type is handed through.
    child.removeAllContentTypeParsers();
    const passThrough = (_req: FastifyRequest, payload: unknown, done: (err: null, body: unknown) => void) => done(null, payload);
    child.addContentTypeParser('application/json', passThrough);
    child.addContentTypeParser('*', passThrough);
    // With an empty prefix the 404 handler would be the app's own: that one stays the app's.
    if (http.prefix !== '') child.setNotFoundHandler((_request, reply) => sendVaultResponse(reply, http.notFound()));
    child.setErrorHandler((error, _request, reply) => {
      const response = http.renderError(fromFrameworkError(error));
      // The client sees a bare 500; the error itself goes to the vault's logger, like the core's own.
      if (response.status >= 500) logger.error('unexpected error', error);
      return sendVaultResponse(reply, response);
    });
    for (const route of http.routes) child.route({ method: route.method, url: route.path, handler: handler(http, route) });
    // The OpenAPI 3.1 document of the same declarations (built once by the core).
    child.get('/openapi.json', async () => http.openapi());
  };
}

function handler(http: VaultHttp, route: RouteDefinition) {
  // Routes without path parameters hand the core one shared empty object, not a copy each time.
  const hasParams = route.path.includes(':');
  /** Writes the answer (or the envelope of `error`); a failure to write goes to Fastify's error path. */
  const answer = (reply: FastifyReply, response: VaultResponse | null, error?: unknown): void => {
    try {
      sendVaultResponse(reply, response ?? http.renderError(error));
    } catch (failure) {
      if (!reply.sent) reply.send(failure);
    }
  };
  // Not `async`, and it returns nothing: Fastify then waits for `reply.send` instead of wrapping
  // a promise (this runs on every request). `handle` never rejects by contract; the rejection
  // handler keeps every failure in the core's envelope anyway.
  return (request: FastifyRequest, reply: FastifyReply): void => {
    let pending: Promise<VaultResponse>;
    try {
      pending = http.handle(route, toVaultRequest(request.raw, hasParams ? (request.params as object) : undefined, streamOf(request.body)));
    } catch (error) {
      answer(reply, null, error);
      return;
    }
    pending.then(
      (response) => answer(reply, response),
      (error: unknown) => answer(reply, null, error),
    );
  };
}

/** The raw stream handed through by the child's own content-type parsers, if any. */
function streamOf(body: unknown): Readable | null {
  return body !== null && typeof body === 'object' && typeof (body as Partial<Readable>).pipe === 'function' ? (body as Readable) : null;
}
