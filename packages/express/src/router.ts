/*
 * @vaultkit/express: mounts the core's route table on an Express 5 Router.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). All behaviour
 * (validation, auth, rate limits, cookies, CSRF, error envelopes) lives in the core; this file
 * only translates.
 */
import { Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { fromFrameworkError, type RouteDefinition, type VaultHttp } from '@vaultkit/core';
import { sendVaultResponse, toVaultRequest } from './translate.js';

/** What the adapter needs from a vault: its neutral HTTP layer (`createVault()` returns one). */
export interface VaultLike {
  readonly http: VaultHttp;
}

export interface VaultRouterOptions {
  /**
   * Mount the routes under `vault.http.prefix` inside the router. Set `false` to mount the
   * router yourself at that prefix (`app.use(vault.http.prefix, vaultRouter(vault, { mountPrefix: false }))`),
   * e.g. behind prefix-scoped middleware. The cookie paths always follow `vault.http.prefix`.
   * @default true
   */
  mountPrefix?: boolean;
}

/**
 * An Express 5 Router serving every route of `vault.http.routes`. Unknown paths under the prefix
 * answer the core's 404 envelope, and nothing thrown reaches Express's default error handler.
 * `GET <prefix>/openapi.json` serves the OpenAPI 3.1 document of the routes. Mount it before any
 * body parser: the core reads the raw body itself. Routes of your own under the prefix go before it.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * const app = express();
 * app.use(vaultRouter(vault));
 * app.get('/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
 */
export function vaultRouter(vault: VaultLike, options: VaultRouterOptions = {}): Router {
  assertVault(vault, 'vaultRouter');
  const http = vault.http;
  const base = options.mountPrefix === false ? '' : http.prefix;
  // Case-sensitive and strict about trailing slashes, like Fastify's router: one behaviour.
  const router = Router({ caseSensitive: true, strict: true });
  for (const route of http.routes) {
    router[methodOf(route)](`${base}${route.path}`, routeHandler(http, route));
  }
  // The OpenAPI 3.1 document of the same declarations (built once by the core).
  router.get(`${base}/openapi.json`, (_req: Request, res: Response) => res.json(http.openapi()));
  // Everything else under the prefix (any method) is the core's 404, not Express's HTML page;
  // with an empty prefix at the root, that would swallow the app's own routes, so it is left out.
  if (base !== '' || options.mountPrefix === false) router.use(base || '/', (_req: Request, res: Response) => sendVaultResponse(res, http.notFound()));
  router.use(base || '/', errorHandler(http));
  return router;
}

/** Throws a `TypeError` when `vault` is not a vault (misuse is reported where it happens). */
export function assertVault(vault: unknown, caller: string): asserts vault is VaultLike {
  const http = (vault as Partial<VaultLike> | null | undefined)?.http;
  if (!http || !Array.isArray(http.routes) || typeof http.handle !== 'function' || typeof http.prefix !== 'string') {
    throw new TypeError(`${caller}(vault): expected the object returned by createVault()`);
  }
}

// --- internal ---

function methodOf(route: RouteDefinition): 'get' | 'post' | 'put' | 'patch' | 'delete' {
  return route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
}

function routeHandler(http: VaultHttp, route: RouteDefinition): RequestHandler {
  return async (req: Request, res: Response) => {
    try {
      sendVaultResponse(res, await http.handle(route, toVaultRequest(req, true)));
    } catch (error) {
      // `handle` never rejects by contract; this keeps the promise from ever rejecting anyway.
      sendVaultResponse(res, http.renderError(error));
    }
  };
}

function errorHandler(http: VaultHttp): ErrorRequestHandler {
  // Express tells error handlers apart by their arity: the four parameters are required.
  // eslint-disable-next-line max-params
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const response = http.renderError(fromFrameworkError(error));
    // The client sees a bare 500; the error itself must not be lost (the core reports its own the same way).
    if (response.status >= 500) console.error('[vaultkit] unexpected error', error);
    sendVaultResponse(res, response);
  };
}
