import { VaultError } from '../errors/vault-error.js';
import { bearerCredential } from './authenticate.js';
import { isHttpsRequest } from './cookies.js';
import type { VaultRequest } from './types.js';
import { firstHeader } from './first-header.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Headers = VaultRequest['headers'];

/**
 * Whether the request's origin may make cookie-authenticated unsafe requests: an `Origin` must
 * be one of `trustedOrigins` or the server's own origin (`Origin: null` never is); without an
 * `Origin`, only `Sec-Fetch-Site: cross-site` is refused. Requests with neither header pass:
 * they come from non-browser clients, which cannot be driven by another site.
 *
 * @example
 * isTrustedOrigin({ origin: 'https://app.example' }, ['https://app.example']) // true
 */
export function isTrustedOrigin(headers: Headers, trustedOrigins: readonly string[], ownOrigin?: string | null): boolean {
  const origin = firstHeader(headers, 'origin');
  if (origin !== undefined) {
    const normalized = normalizeOrigin(origin);
    if (normalized === null) return false;
    return trustedOrigins.includes(normalized) || (ownOrigin != null && normalized === ownOrigin);
  }
  return firstHeader(headers, 'sec-fetch-site')?.trim().toLowerCase() !== 'cross-site';
}

/** GET, HEAD and OPTIONS change nothing: the CSRF check never applies to them. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method) || SAFE_METHODS.has(method.toUpperCase());
}

/**
 * DESIGN §7b: an unsafe request that carries a vaultkit token cookie and no Bearer header is
 * refused with 403 `CSRF_REJECTED` unless its origin is trusted. A Bearer request cannot be
 * forged by another site (browsers never add that header on their own), so it passes.
 */
export function assertCsrfSafe(input: {
  method: string;
  headers: Headers;
  cookies: Record<string, string>;
  tokenCookieNames: readonly string[];
  trustedOrigins: readonly string[];
  /** Computed only when the check applies (an unsafe, cookie-authenticated request). */
  ownOrigin: () => string | null;
}): void {
  if (isSafeMethod(input.method)) return;
  if (!input.tokenCookieNames.some((name) => input.cookies[name] !== undefined)) return;
  if (hasBearer(input.headers)) return;
  if (!isTrustedOrigin(input.headers, input.trustedOrigins, input.ownOrigin())) throw new VaultError('CSRF_REJECTED');
}

/**
 * The server's own origin as the browser addressed it (`Host`, or `X-Forwarded-Host` under
 * `trustProxy`); a browser always sends the real `Host`, so a same-origin request matches it.
 */
export function ownOriginOf(req: Pick<VaultRequest, 'headers' | 'encrypted'>, trustProxy: boolean | number): string | null {
  const forwarded = trustProxy ? firstHeader(req.headers, 'x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = forwarded || firstHeader(req.headers, 'host')?.trim();
  if (!host) return null;
  return normalizeOrigin(`${isHttpsRequest(req, trustProxy) ? 'https' : 'http'}://${host}`);
}

/**
 * Whether the request is authenticated by an `Authorization: Bearer` header, well-formed or not:
 * then the token reader never uses the cookie either (a malformed one is a 401).
 */
export function hasBearer(headers: Headers): boolean {
  return bearerCredential(headers) !== null;
}

// --- internal ---


function normalizeOrigin(value: string): string | null {
  const text = value.trim();
  if (text === '' || text === 'null') return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
