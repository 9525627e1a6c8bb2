import { VaultError } from '../errors/vault-error.js';
import type { TokenService } from '../tokens/types.js';
import { can } from './authorize.js';
import type { OperationAuth } from '../operations/define.js';
import type { AuthContext, VaultRequest } from './types.js';

/** Why a request is not authenticated; the codes are the 401 error codes. */
export type AuthFailureCode = 'AUTH_REQUIRED' | 'INVALID_TOKEN' | 'TOKEN_EXPIRED';

/** An expected failure is a value (STYLE §8); the route layer turns it into a 401. */
export type AuthOutcome = { ok: true; auth: AuthContext } | { ok: false; code: AuthFailureCode };

/**
 * The credential of an `Authorization` header in the Bearer scheme, as sent (possibly malformed,
 * e.g. `a b` or empty); `null` when the request has no Bearer header. The CSRF check and the
 * token reader both decide from this one function, so they can never disagree (#9).
 */
export function bearerCredential(headers: VaultRequest['headers']): string | null {
  const raw = headers.authorization;
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  const match = /^bearer(?:\s+|$)(.*)$/is.exec(value);
  return match ? match[1]! : null;
}

/**
 * The access token of a request: the Bearer credential first, else the access cookie. `null`
 * when there is neither (tokens never travel in URLs, so the query is not read). A malformed
 * Bearer header is returned as it is, so it fails verification (401): it never falls back to
 * the cookie.
 */
export function readAccessToken(headers: VaultRequest['headers'], cookies: Record<string, string>, accessCookieName: string): string | null {
  const bearer = bearerCredential(headers);
  if (bearer !== null) return bearer;
  const cookie = cookies[accessCookieName];
  return cookie ? cookie : null;
}

/**
 * Verifies an access token (signature, claims, live session and `jti`, through the token
 * service) and builds the caller. A revoked token answers `INVALID_TOKEN`, like a forged one.
 * Store failures are not expected failures: they reject (503).
 *
 * @example
 * const outcome = await authenticateToken(vault.tokens, readAccessToken(headers, cookies, 'vk_at'));
 */
export async function authenticateToken(tokens: TokenService, token: string | null): Promise<AuthOutcome> {
  if (token === null) return { ok: false, code: 'AUTH_REQUIRED' };
  const result = await tokens.verifyAccess(token);
  if (!result.ok) return { ok: false, code: result.reason === 'expired' ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN' };
  const { claims } = result;
  return { ok: true, auth: { userId: claims.sub, role: claims.role, sessionId: claims.sid, claims } };
}

/**
 * Applies an operation's `auth` level to an outcome: `public` ignores tokens; `optional` accepts
 * a missing token (null) but not a bad one; `user` needs a valid token, and `permission` a role
 * that has it (403 `FORBIDDEN`).
 */
export function requireRouteAuth(
  route: { auth: OperationAuth; permission?: string | undefined },
  outcome: AuthOutcome,
  roles: Record<string, string[]>,
): AuthContext | null {
  if (!outcome.ok) {
    if (route.auth === 'optional' && outcome.code === 'AUTH_REQUIRED') return null;
    throw new VaultError(outcome.code);
  }
  const { auth } = outcome;
  if (route.permission && !can(roles, auth.role, route.permission)) throw new VaultError('FORBIDDEN');
  return auth;
}
