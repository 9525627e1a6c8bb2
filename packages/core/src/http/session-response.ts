import type { VaultConfig } from '../config/resolve.js';
import type { SessionTokens } from '../tokens/types.js';
import { serializeCookie, type TokenCookieNames } from './cookies.js';

/**
 * The `Set-Cookie` values of a session answer (DESIGN §7b): the two HttpOnly token cookies, or
 * none when `tokenTransport` is `body`.
 *
 * @example
 * const cookies = sessionCookies({ tokens, transport: 'both', names, now: clock.now() });
 */
export function sessionCookies(input: {
  tokens: SessionTokens;
  transport: VaultConfig['http']['tokenTransport'];
  names: TokenCookieNames;
  /** The vault clock's time, which `refreshExpiresAt` was computed with. */
  now: number;
}): string[] {
  const { tokens, names } = input;
  if (input.transport === 'body') return [];
  const refreshSeconds = Math.ceil((tokens.refreshExpiresAt - input.now) / 1000);
  return [
    serializeCookie(names.access.name, tokens.accessToken, { path: names.access.path, maxAge: tokens.expiresIn, secure: names.secure }),
    serializeCookie(names.refresh.name, tokens.refreshToken, { path: names.refresh.path, maxAge: Math.max(0, refreshSeconds), secure: names.secure }),
  ];
}

/** The body of a session answer: under `tokenTransport: "cookie"` the tokens stay out of it. */
export function sessionBody<T extends object>(data: T, transport: VaultConfig['http']['tokenTransport']): T {
  if (transport !== 'cookie') return data;
  const { accessToken: _access, refreshToken: _refresh, ...rest } = data as T & { accessToken?: string; refreshToken?: string };
  return rest as T;
}

/** `Set-Cookie` values that expire both token cookies (same Path and attributes, Max-Age=0). */
export function clearSessionCookies(names: TokenCookieNames): string[] {
  return [
    serializeCookie(names.access.name, '', { path: names.access.path, maxAge: 0, secure: names.secure }),
    serializeCookie(names.refresh.name, '', { path: names.refresh.path, maxAge: 0, secure: names.secure }),
  ];
}
