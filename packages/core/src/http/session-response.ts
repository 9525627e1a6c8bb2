import type { VaultConfig } from '../config/resolve.js';
import type { UserRecord } from '../ports/storage.js';
import type { SessionTokens } from '../tokens/types.js';
import { serializeUser } from '../users/serialize.js';
import { serializeCookie, type TokenCookieNames } from './cookies.js';

/** Body data and `Set-Cookie` values of a session answer. */
export interface SessionAnswer {
  data: Record<string, unknown>;
  cookies: string[];
}

/**
 * A session answer (DESIGN §7b): `data: { user, accessToken, refreshToken, expiresIn }` and the
 * two HttpOnly cookies, per `tokenTransport` (`both`; `cookie` keeps the tokens out of the body;
 * `body` sets no cookies). Extra handler `data` fields are kept beside them.
 *
 * @example
 * const { data, cookies } = sessionAnswer({ session, transport: 'both', names, now: clock.now() });
 */
export function sessionAnswer(input: {
  session: { user: UserRecord; tokens: SessionTokens };
  transport: VaultConfig['http']['tokenTransport'];
  names: TokenCookieNames;
  /** The vault clock's time, which `refreshExpiresAt` was computed with. */
  now: number;
  extra?: unknown;
}): SessionAnswer {
  const { user, tokens } = input.session;
  const extra = isRecord(input.extra) ? input.extra : {};
  const data: Record<string, unknown> = { ...extra, user: serializeUser(user), expiresIn: tokens.expiresIn };
  if (input.transport !== 'cookie') {
    data.accessToken = tokens.accessToken;
    data.refreshToken = tokens.refreshToken;
  }
  if (input.transport === 'body') return { data, cookies: [] };
  const { names } = input;
  const refreshSeconds = Math.ceil((tokens.refreshExpiresAt - input.now) / 1000);
  return {
    data,
    cookies: [
      serializeCookie(names.access.name, tokens.accessToken, { path: names.access.path, maxAge: tokens.expiresIn, secure: names.secure }),
      serializeCookie(names.refresh.name, tokens.refreshToken, { path: names.refresh.path, maxAge: Math.max(0, refreshSeconds), secure: names.secure }),
    ],
  };
}

/** `Set-Cookie` values that expire both token cookies (same Path and attributes, Max-Age=0). */
export function clearSessionCookies(names: TokenCookieNames): string[] {
  return [
    serializeCookie(names.access.name, '', { path: names.access.path, maxAge: 0, secure: names.secure }),
    serializeCookie(names.refresh.name, '', { path: names.refresh.path, maxAge: 0, secure: names.secure }),
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
