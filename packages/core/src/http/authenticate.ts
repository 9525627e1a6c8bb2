import { VaultError } from '../errors/vault-error.js';
import type { AccessVerification, TokenService } from '../tokens/types.js';
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
  // `bearer` in any casing, then whitespace or the end. Read char by char: on the hot path a
  // regular expression (or `slice().toLowerCase()`) would copy the token, or the scheme, first.
  if (value.length < 6 || !isBearerScheme(value)) return null;
  let start = 6;
  while (start < value.length && isSpace(value.charCodeAt(start))) start += 1;
  if (start === 6 && value.length > 6) return null;
  return value.slice(start);
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
export function authenticateToken(tokens: TokenService, token: string | null): Promise<AuthOutcome> {
  if (token === null) return Promise.resolve(AUTH_REQUIRED);
  // Not `async`: this runs on every authenticated request, and one `then` costs less than an
  // async frame. A synchronous throw still comes back as a rejection.
  try {
    return tokens.verifyAccess(token).then(authOutcomeOf);
  } catch (error) {
    return Promise.reject(error);
  }
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

/**
 * The outcome of a token service verification: the caller, or the 401 code (a revoked token
 * answers `INVALID_TOKEN`, like a forged one). Synchronous, for callers that chain it themselves.
 *
 * @example
 * const outcome = authOutcomeOf(await vault.tokens.verifyAccess(token));
 */
export function authOutcomeOf(result: AccessVerification): AuthOutcome {
  if (!result.ok) return result.reason === 'expired' ? TOKEN_EXPIRED : INVALID_TOKEN;
  const { claims } = result;
  return { ok: true, auth: { userId: claims.sub, role: claims.role, sessionId: claims.sid, claims } };
}

// --- internal ---

const AUTH_REQUIRED: AuthOutcome = Object.freeze({ ok: false, code: 'AUTH_REQUIRED' });
const INVALID_TOKEN: AuthOutcome = Object.freeze({ ok: false, code: 'INVALID_TOKEN' });
const TOKEN_EXPIRED: AuthOutcome = Object.freeze({ ok: false, code: 'TOKEN_EXPIRED' });

/** `bearer`, case-insensitively, at the start of `value` (at least 6 characters long). */
function isBearerScheme(value: string): boolean {
  for (let i = 0; i < 6; i += 1) {
    // ASCII letters only: setting bit 0x20 lower-cases them and nothing else matches.
    if ((value.charCodeAt(i) | 0x20) !== BEARER.charCodeAt(i)) return false;
  }
  return true;
}

const BEARER = 'bearer';

/** What `\s` matches (ECMAScript WhiteSpace and LineTerminator), as `trim` removes it. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}
