/*
 * @vaultkit/express: mounts the core's route table on an Express 5 Router.
 *
 * Adapters import only @vaultkit/core's public entry points (`@vaultkit/core`,
 * `@vaultkit/core/node`), never its files. All behaviour (validation, auth, rate limits,
 * cookies, CSRF, error envelopes) lives in the core; this file only speaks Express.
 */
import { Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { fromFrameworkError, type RouteDefinition, type VaultHttp, type VaultLogger, type VaultResponse } from '@vaultkit/core';
import { assertVault, loggerOf, misconfigured, toVaultRequest, writeVaultResponse, type VaultLike } from '@vaultkit/core/node';
import { directDispatch, isDirect } from './direct-routes.js';

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
 * body parser (`express.json()` and the like): the core reads the raw body itself, and a vault
 * request whose body a parser already read is answered with a 500 envelope saying so.
 * Routes of your own under the prefix go before it.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * const app = express();
 * app.use(vaultRouter(vault));
 * app.use(express.json()); // after the vault's router
 * app.get('/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
 */
export function vaultRouter(vault: VaultLike, options: VaultRouterOptions = {}): Router {
  assertVault(vault, 'vaultRouter');
  const ctx: RouterContext = { http: vault.http, logger: loggerOf(vault), parserReported: false };
  const http = ctx.http;
  // Case-sensitive and strict about trailing slashes, like Fastify's router: one behaviour.
  const router = Router({ caseSensitive: true, strict: true });
  const direct = new Map<string, Map<string, RequestHandler>>();
  router.use(directDispatch(direct));
  for (const [index, route] of http.routes.entries()) {
    const handler = routeHandler(ctx, route);
    router[methodOf(route)](route.path, handler);
    if (isDirect(route, http.routes.slice(0, index))) {
      const byPath = direct.get(route.method) ?? new Map<string, RequestHandler>();
      direct.set(route.method, byPath.set(route.path, handler));
    }
  }
  // The OpenAPI 3.1 document of the same declarations (built once by the core).
  router.get('/openapi.json', (_req: Request, res: Response) => res.json(http.openapi()));
  // Everything else under the prefix (any method) is the core's 404, not Express's HTML page;
  // with an empty prefix at the root, that would swallow the app's own routes, so it is left out.
  const atRoot = options.mountPrefix !== false && http.prefix === '';
  if (!atRoot) router.use((_req: Request, res: Response) => writeVaultResponse(res, http.notFound()));
  router.use(errorHandler(ctx));
  if (atRoot || options.mountPrefix === false) return router;
  // Mounted at the prefix by one outer layer: the app's own routes (declared after this router,
  // as the docs show) pass one prefix test, not the vault's route table. Express strips the
  // prefix from `req.url` inside; the core reads only the query string from it.
  const outer = Router({ caseSensitive: true });
  outer.use(http.prefix, router);
  return outer;
}

// --- internal ---

interface RouterContext {
  readonly http: VaultHttp;
  readonly logger: VaultLogger;
  /** The body-parser misconfiguration is logged once per router, not once per request. */
  parserReported: boolean;
}

/** Fixed text (never request data): what the developer has to change. */
const PARSER_FIRST =
  'vaultkit: a body parser mounted before vaultRouter(vault) already read the request body. ' +
  'Mount vaultRouter(vault) before express.json() (or any other body parser): the vault reads and limits its bodies itself.';

function methodOf(route: RouteDefinition): 'get' | 'post' | 'put' | 'patch' | 'delete' {
  return route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
}

function routeHandler(ctx: RouterContext, route: RouteDefinition): RequestHandler {
  const http = ctx.http;
  // Routes without path parameters hand the core one shared empty object, not a copy each time.
  const hasParams = route.path.includes(':');
  // Not `async` (it runs on every request): it returns one promise, which never rejects unless
  // writing itself fails; Express 5 sends that to `next(error)`, as with an async handler.
  return (req: Request, res: Response) => {
    // The stream ended before the core saw it: an app-level parser read it. Re-serialising what
    // it parsed would skip the core's own limits and break multipart, so the order is reported.
    if (req.readableEnded) {
      reportParserFirst(ctx);
      writeVaultResponse(res, misconfigured(PARSER_FIRST));
      return;
    }
    let pending: Promise<VaultResponse>;
    try {
      pending = http.handle(route, toVaultRequest(req, hasParams ? req.params : undefined, req));
    } catch (error) {
      // `handle` never throws or rejects by contract; this keeps every failure in the envelope anyway.
      writeVaultResponse(res, http.renderError(error));
      return;
    }
    return pending.then(
      (response) => writeVaultResponse(res, response),
      (error: unknown) => writeVaultResponse(res, http.renderError(error)),
    );
  };
}

function reportParserFirst(ctx: RouterContext): void {
  if (ctx.parserReported) return;
  ctx.parserReported = true;
  // The logger adds its own `[vaultkit]` prefix.
  ctx.logger.error(PARSER_FIRST.replace(/^vaultkit: /, ''));
}

function errorHandler(ctx: RouterContext): ErrorRequestHandler {
  // Express tells error handlers apart by their arity: the four parameters are required.
  // eslint-disable-next-line max-params
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const response = ctx.http.renderError(fromFrameworkError(error));
    // The client sees a bare 500; the error itself goes to the vault's logger, like the core's own.
    if (response.status >= 500) ctx.logger.error('unexpected error', error);
    writeVaultResponse(res, response);
  };
}
