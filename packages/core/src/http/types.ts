import type { Readable } from 'node:stream';
import type { AnyOperation } from '../operations/define.js';
import type { AccessClaims } from '../tokens/types.js';

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

/**
 * One mounted route: an operation's HTTP side. The adapters read `method`, `path` and `body` to
 * register it with their router and hand every request to `VaultHttp.handle`.
 */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the prefix, with `:param` segments, e.g. `/admin/users/:id`. */
  readonly path: string;
  /** Which body the core reads: JSON, none, or a multipart form (the adapters hand the raw stream over either way). */
  readonly body: 'json' | 'none' | 'multipart';
  /** The declaration the route serves. */
  readonly operation: AnyOperation;
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
