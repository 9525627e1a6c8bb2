import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { RateLimitBucket } from '../config/options.js';
import type { AccessClaims, ClientMeta, SessionTokens } from '../tokens/types.js';
import type { UserRecord } from '../ports/storage.js';
import type { VaultContext } from '../context.js';

/**
 * What a framework adapter hands to the core for one request. Adapters only translate: they do
 * not parse bodies, check tokens or decide statuses.
 */
export interface VaultRequest {
  method: string;
  /** Path parameters as matched by the framework router (`:id` → `{ id }`). */
  params: Record<string, string>;
  /** Parsed query string. */
  query: Record<string, string | string[] | undefined>;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body stream; the core reads, limits and parses it. `null` when there is none. */
  body: Readable | null;
  /** The socket's peer address (the core applies `trustProxy` itself). */
  remoteAddress: string | undefined;
  /** Whether the socket is TLS (the core reads `X-Forwarded-Proto` only under `trustProxy`). */
  encrypted: boolean;
}

/** What the adapter writes back. `Set-Cookie` values are complete header values. */
export interface VaultResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** A JSON value, written with `Content-Type: application/json; charset=utf-8`. */
  body: unknown;
}

/** The authenticated caller of a request. */
export interface AuthContext {
  userId: string;
  role: string;
  sessionId: string;
  claims: AccessClaims;
}

/** Who may call a route. */
export type RouteAuth = 'public' | 'optional' | 'user' | 'admin';

export interface RouteContext<TBody = unknown, TQuery = unknown, TParams = unknown> {
  body: TBody;
  query: TQuery;
  params: TParams;
  /** Set when `auth` is `user`/`admin` (always) or `optional` (when a valid token came). */
  auth: AuthContext | null;
  client: ClientMeta;
  /** Cookies of the request (already parsed). */
  cookies: Record<string, string>;
  /** The refresh token from the refresh cookie of this transport (https or http name), if any. */
  refreshCookie: string | null;
  vault: VaultContext;
}

/** What a handler returns; the HTTP layer turns it into the envelope. */
export interface RouteResult {
  /** @default 200 */
  status?: number;
  data?: unknown;
  message?: string;
  /** A session answer: `data: { user, accessToken, refreshToken, expiresIn }` plus the cookies. */
  session?: { user: UserRecord; tokens: SessionTokens };
  /** Clears the token cookies (logout). */
  clearSession?: boolean;
  headers?: Record<string, string>;
}

export interface RouteDefinition<
  TBody extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  TParams extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the prefix, with `:param` segments, e.g. `/admin/users/:id`. */
  path: string;
  auth: RouteAuth;
  /** Permission required on top of `auth` (checked with `can`). */
  permission?: string;
  rateLimit: RateLimitBucket | null;
  body?: TBody;
  query?: TQuery;
  params?: TParams;
  summary: string;
  tags: string[];
  /** HTTP statuses this route answers with on success, for the OpenAPI document. @default [200] */
  successStatuses?: number[];
  handler(ctx: RouteContext<z.output<TBody>, z.output<TQuery>, z.output<TParams>>): Promise<RouteResult>;
}

/** Declares a route with inferred handler types. */
export function defineRoute<TBody extends z.ZodType = z.ZodType, TQuery extends z.ZodType = z.ZodType, TParams extends z.ZodType = z.ZodType>(
  route: RouteDefinition<TBody, TQuery, TParams>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** Result of authenticating a request for the app's own routes. */
export type Authentication = { ok: true; auth: AuthContext } | { ok: false; response: VaultResponse };

/** The framework-neutral HTTP layer that the adapters mount. */
export interface VaultHttp {
  /** e.g. `/api/v1`. */
  readonly prefix: string;
  readonly routes: readonly RouteDefinition[];
  /** Runs one route. Never rejects: every failure becomes an error envelope. */
  handle(route: RouteDefinition, request: VaultRequest): Promise<VaultResponse>;
  /** For `requireAuth()` on the app's own routes: Bearer or cookie, CSRF for unsafe cookie requests. */
  authenticate(request: VaultRequest): Promise<Authentication>;
  /** `true` when the role is `roleOrPermission` or has that permission. */
  authorize(auth: AuthContext, roleOrPermission: string): boolean;
  /** The envelope for any thrown value (500 never carries internals). */
  renderError(error: unknown): VaultResponse;
  /** The 404 envelope for an unknown path under the prefix. */
  notFound(): VaultResponse;
  /** The OpenAPI 3.1 document of the routes. */
  openapi(): Record<string, unknown>;
}
