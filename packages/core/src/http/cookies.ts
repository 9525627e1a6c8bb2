import type { VaultConfig } from '../config/resolve.js';
import type { VaultRequest } from './types.js';

/** Name and Path of one token cookie. */
export interface CookieSpec {
  name: string;
  path: string;
}

/** The access and refresh cookies for one kind of request (https or plain http). */
export interface TokenCookieNames {
  access: CookieSpec;
  refresh: CookieSpec;
  secure: boolean;
}

export interface SetCookieOptions {
  path: string;
  /** Seconds; 0 expires the cookie. */
  maxAge: number;
  secure: boolean;
}

const DEFAULT_ACCESS = 'vk_at';
const DEFAULT_REFRESH = 'vk_rt';
/** A null-prototype object is a dictionary-mode object (a few hundred bytes): built once. */
const NO_COOKIES: Record<string, string> = Object.freeze(Object.create(null));

/**
 * Parses a `Cookie` header (first occurrence of a name wins, values are URI-decoded when valid).
 * The result has no prototype, so a cookie named `__proto__` is just a key. It is read-only:
 * a request without a `Cookie` header (every Bearer request) shares one frozen empty object.
 *
 * @example
 * parseCookies('vk_at=abc; theme=dark') // { vk_at: 'abc', theme: 'dark' }
 */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return NO_COOKIES;
  const cookies: Record<string, string> = Object.create(null);
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    cookies[name] = safeDecode(value);
  }
  return cookies;
}

/**
 * A complete `Set-Cookie` value. Token cookies are always HttpOnly and SameSite=Lax; `Secure`
 * over https.
 *
 * @example
 * serializeCookie('vk_at', token, { path: '/', maxAge: 900, secure: true })
 */
export function serializeCookie(name: string, value: string, options: SetCookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`];
  if (options.maxAge <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  parts.push('HttpOnly', 'SameSite=Lax');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * The token cookie names and paths. Over https: `__Host-vk_at` (Path `/`) and `__Secure-vk_rt`
 * (Path `<prefix>/auth`); over plain http `vk_at` / `vk_rt`. A configured name replaces the base
 * name; the `__Host-`/`__Secure-` prefixes stay over https (browsers then refuse the cookie from
 * plain http or a sub-domain, so it cannot be planted).
 *
 * @example
 * tokenCookieNames(true, '/api/v1', config.http.cookies).refresh // { name: '__Secure-vk_rt', path: '/api/v1/auth' }
 */
export function tokenCookieNames(
  secure: boolean,
  prefix: string,
  config: { accessName?: string | undefined; refreshName?: string | undefined },
): TokenCookieNames {
  const access = config.accessName ?? DEFAULT_ACCESS;
  const refresh = config.refreshName ?? DEFAULT_REFRESH;
  return {
    access: { name: secure ? `__Host-${access}` : access, path: '/' },
    refresh: { name: secure ? `__Secure-${refresh}` : refresh, path: `${prefix}/auth` },
    secure,
  };
}

/**
 * Whether the token cookies of this request are `Secure`: the configured boolean, or for
 * `"auto"` whether the request came over https.
 */
export function isSecureRequest(req: Pick<VaultRequest, 'encrypted' | 'headers'>, http: VaultConfig['http']): boolean {
  const setting = http.cookies.secure;
  return setting === 'auto' ? isHttpsRequest(req, http.trustProxy) : setting;
}

/**
 * Whether the request came over https: a TLS socket, or `X-Forwarded-Proto: https` under
 * `trustProxy` (without it, any client could claim https).
 */
export function isHttpsRequest(req: Pick<VaultRequest, 'encrypted' | 'headers'>, trustProxy: boolean | number): boolean {
  if (req.encrypted) return true;
  if (!trustProxy) return false;
  const raw = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}

/** Every name a vaultkit token cookie can have (both transports), for the CSRF check. */
export function allTokenCookieNames(prefix: string, config: VaultConfig['http']['cookies']): string[] {
  const secure = tokenCookieNames(true, prefix, config);
  const plain = tokenCookieNames(false, prefix, config);
  return [secure.access.name, secure.refresh.name, plain.access.name, plain.refresh.name];
}

// --- internal ---

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
