import type { VaultContext } from '../context.js';
import type { AnyOperation } from '../operations/define.js';
import { effectsOf } from '../operations/effects.js';
import { RateLimitedError, VaultError } from '../errors/vault-error.js';
import { getClientAddress, rateLimitKey, UNKNOWN_CLIENT } from '../rate-limit/client-key.js';
import type { LimitState } from '../rate-limit/types.js';
import type { AccessVerification } from '../tokens/types.js';
import { authenticateToken, authOutcomeOf, readAccessToken, requireRouteAuth } from './authenticate.js';
import { can } from './authorize.js';
import type { MultipartBody } from '../media/multipart-body.js';
import type { MultipartForm } from '../media/parse-multipart.js';
import { discardBody, readFormBody, readJsonBody } from './body.js';
import { allTokenCookieNames, isSecureRequest, parseCookies, tokenCookieNames, type TokenCookieNames } from './cookies.js';
import { assertCsrfSafe, isSafeMethod, ownOriginOf } from './csrf.js';
import { errorResponse, successResponse } from './envelope.js';
import { firstHeader } from './first-header.js';
import { buildOpenApi } from './openapi.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { renderError } from './render-error.js';
import { clearSessionCookies, sessionBody, sessionCookies } from './session-response.js';
import type { Authentication, RouteDefinition, VaultHttp, VaultRequest, VaultResponse } from './types.js';
import { validateInput } from './validate.js';

/** Per-request state that the error path needs too. */
interface RequestState {
  limit: LimitState | null;
  /** The body was read to its end (nothing left to discard). */
  bodyRead: boolean;
  /** The multipart form being read, if any (aborted when the handler did not read it to its end). */
  form: MultipartForm | null;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const AUTH_HEADER = { 'WWW-Authenticate': 'Bearer realm="vaultkit"' };

/**
 * The framework-neutral HTTP layer over a route table. Per request: client address → rate limit
 * (every request counts, valid or not) → CSRF → authentication → body → validation → handler →
 * envelope. `handle` never rejects. A duplicate (method, path) throws `TypeError` here.
 *
 * @example
 * const http = createHttp(ctx, routes);
 * const response = await http.handle(route, { method: 'POST', params: {}, query: {}, headers, body: req, remoteAddress, encrypted: false });
 */
export function createHttp(ctx: VaultContext, operations: readonly AnyOperation[]): VaultHttp {
  const routes = mountRoutes(operations);
  const { config } = ctx;
  const http = config.http;
  const prefix = http.prefix;
  const cookieNames = allTokenCookieNames(prefix, http.cookies);
  // Built once: the hot path only picks one.
  const namesByTransport = { https: tokenCookieNames(true, prefix, http.cookies), http: tokenCookieNames(false, prefix, http.cookies) };
  // Unexpected errors are answered with a bare 500; the app's logger is where they are not lost.
  const report = (error: unknown) => ctx.logger.error('unexpected error', error);
  let openapiDocument: Record<string, unknown> | undefined;

  /** Cookies, cookie names and the CSRF rule shared by `handle` and `authenticate`. */
  function prepare(req: VaultRequest) {
    const cookies = parseCookies(req.headers.cookie);
    const names: TokenCookieNames = isSecureRequest(req, http) ? namesByTransport.https : namesByTransport.http;
    // Every GET of every protected route comes here: no check input is built for a safe method.
    if (!isSafeMethod(req.method)) {
      const ownOrigin = () => ownOriginOf(req, http.trustProxy);
      assertCsrfSafe({ method: req.method, headers: req.headers, cookies, tokenCookieNames: cookieNames, trustedOrigins: http.trustedOrigins, ownOrigin });
    }
    return { cookies, names };
  }

  const authFailure = (error: unknown): Authentication => ({ ok: false, response: fail(error) });
  const toAuthentication = (verification: AccessVerification): Authentication => {
    const outcome = authOutcomeOf(verification);
    return outcome.ok ? outcome : authFailure(new VaultError(outcome.code));
  };

  function fail(error: unknown): VaultResponse {
    if (!(error instanceof VaultError) && !(error instanceof Error && error.name === 'ZodError')) report(error);
    const response = renderError(error);
    if (error instanceof VaultError && error.status === 401) Object.assign(response.headers, AUTH_HEADER);
    return response;
  }

  async function run(route: MountedRoute, req: VaultRequest, state: RequestState): Promise<VaultResponse> {
    const op = route.operation;
    const address = getClientAddress(req, http.trustProxy);
    if (op.rateLimit) state.limit = await ctx.limits.consume(op.rateLimit, rateLimitKey(address));

    const { cookies, names } = prepare(req);
    const auth =
      op.auth === 'public' ? null : requireRouteAuth(op, await authenticateToken(ctx.tokens, readAccessToken(req.headers, cookies, names.access.name)), config.roles);

    let body: unknown;
    if (route.body === 'json') {
      body = await readJsonBody(req);
      state.bodyRead = true;
    } else if (route.multipart) {
      const read = await readFormBody(req, { spec: route.multipart, media: config.media });
      body = read.raw;
      state.form = read.form;
      state.bodyRead = read.form === null;
    }
    // Operations without input (GET /users/me: the hot path) skip building one.
    const input = op.input ? validateInput(op.input, rawInput(route, req, { body, refreshCookie: cookies[names.refresh.name] })) : undefined;
    const userAgent = firstHeader(req.headers, 'user-agent');
    const output = await op.run(ctx, input, {
      caller: auth ? { id: auth.userId, role: auth.role, sessionId: auth.sessionId } : null,
      client: { ip: address === UNKNOWN_CLIENT ? null : address, userAgent: userAgent ?? null },
      claims: auth ? auth.claims : null,
    });

    const status = op.http?.status ? op.http.status(output) : route.successStatus;
    const effects = effectsOf(output);
    let data: unknown = output;
    let setCookies: string[] | undefined;
    if (effects?.session) {
      data = sessionBody(output as object, http.tokenTransport);
      setCookies = sessionCookies({ tokens: effects.session, transport: http.tokenTransport, names, now: ctx.clock.now() });
    } else if (effects?.clearSession && http.tokenTransport !== 'body') {
      setCookies = clearSessionCookies(names);
    }
    const message = (output as { message?: unknown }).message;
    const response = successResponse({ status, data, message: typeof message === 'string' ? message : undefined });
    if (setCookies && setCookies.length > 0) response.headers['Set-Cookie'] = setCookies;
    return response;
  }

  return {
    prefix,
    routes,

    async handle(route, req) {
      const state: RequestState = { limit: null, bodyRead: false, form: null };
      try {
        let response: VaultResponse;
        try {
          // The adapters hand back the route objects of `routes`: mounted routes.
          response = await run(route as MountedRoute, req, state);
        } catch (error) {
          if (error instanceof RateLimitedError && error.limit && !state.limit) state.limit = error.limit;
          response = fail(error);
        }
        if (state.form) {
          // The handler's upload read the form to its end, or it stopped early: stop parsing too.
          if (state.form.complete) state.bodyRead = true;
          else state.form.abort();
        }
        if (!state.bodyRead && !discardBody(req)) response.headers.Connection = 'close';
        if (state.limit) Object.assign(response.headers, rateLimitHeaders(state.limit, config.rateLimits.headers));
        return response;
      } catch (error) {
        // Last resort: building the answer itself failed. Still never reject.
        report(error);
        return errorResponse(500, { code: 'INTERNAL_ERROR', message: 'Something went wrong' });
      }
    },

    authenticate(req): Promise<Authentication> {
      // Not `async`: the app's protected routes come here on every request (one `then`, no frame).
      try {
        const { cookies, names } = prepare(req);
        const token = readAccessToken(req.headers, cookies, names.access.name);
        if (token === null) return Promise.resolve(authFailure(new VaultError('AUTH_REQUIRED')));
        return ctx.tokens.verifyAccess(token).then(toAuthentication, authFailure);
      } catch (error) {
        return Promise.resolve(authFailure(error));
      }
    },

    authorize: (auth, roleOrPermission) => can(config.roles, auth.role, roleOrPermission),
    renderError: (error) => renderError(error),
    notFound: () => errorResponse(404, { code: 'NOT_FOUND', message: 'Not found' }),
    openapi() {
      openapiDocument ??= buildOpenApi(routes, { prefix, cookieNames: tokenCookieNames(true, prefix, http.cookies) });
      return openapiDocument;
    },
  };
}

// --- internal ---

interface MountedRoute extends RouteDefinition {
  /** The status of a success answer when the operation declares only one. */
  readonly successStatus: number;
  /** The multipart declaration when `body` is `'multipart'`. */
  readonly multipart: MultipartBody | null;
}

/**
 * The routes of the operations that have an HTTP side. Misuse of the table is a `TypeError` at
 * creation, not a surprise at request time: a duplicate (method, path), a bad method or path.
 */
function mountRoutes(operations: readonly AnyOperation[]): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const operation of operations) {
    const spec = operation.http;
    if (!spec) continue;
    const hasBody = operation.input !== undefined && spec.method !== 'GET' && spec.method !== 'DELETE';
    const successStatus = Number(Object.keys(operation.output)[0] ?? 200);
    const multipart = typeof spec.body === 'object' && spec.body?.type === 'multipart' ? spec.body : null;
    if (multipart && (!operation.input || spec.method === 'GET')) throw new TypeError(`vaultkit: route ${spec.path} reads a multipart body: it needs an input (with the file field) and a method with a body`);
    const body = multipart ? 'multipart' : ((spec.body as 'json' | 'none' | undefined) ?? (hasBody ? 'json' : 'none'));
    routes.push(Object.freeze({ method: spec.method, path: spec.path, body, operation, successStatus, multipart }));
  }
  const seen = new Map<string, string>();
  for (const route of routes) {
    if (!METHODS.has(route.method)) throw new TypeError(`vaultkit: route ${route.path} has an unsupported method ${String(route.method)}`);
    if (!route.path.startsWith('/')) throw new TypeError(`vaultkit: route path "${route.path}" must start with "/"`);
    // `/users/:id` and `/users/:name` are the same route to a router.
    const shape = `${route.method} ${route.path.replace(/:[^/]+/g, ':').replace(/(.)\/$/, '$1')}`;
    const previous = seen.get(shape);
    if (previous) throw new TypeError(`vaultkit: duplicate route ${route.method} ${route.path} (clashes with ${previous})`);
    seen.set(shape, route.path);
  }
  return routes;
}

/**
 * The operation's raw input from the request: the JSON body (or, for GET, the query), with the
 * path parameters over it (a body cannot name another id than the path), and the refresh cookie
 * for the field that may come from it.
 */
function rawInput(route: MountedRoute, req: VaultRequest, extra: { body: unknown; refreshCookie: string | undefined }): unknown {
  const base = route.body !== 'none' ? extra.body : route.method === 'GET' ? req.query : {};
  if (!isPlainObject(base)) return base;
  const raw: Record<string, unknown> = { ...base, ...req.params };
  const field = route.operation.http?.refreshCookieField;
  if (field && raw[field] === undefined && extra.refreshCookie) raw[field] = extra.refreshCookie;
  return raw;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

