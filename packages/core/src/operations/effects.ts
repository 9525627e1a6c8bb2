import type { UserRecord } from '../ports/storage.js';
import type { SessionTokens } from '../tokens/types.js';
import { serializeUser, type PublicUserJson } from '../users/serialize.js';

/**
 * What an answer does besides its body over HTTP: set the two token cookies of a new session, or
 * clear them. Kept on the answer object under a symbol that is not enumerable, so it never shows
 * in JSON, in a spread, or in what the programmatic API returns.
 */
export interface HttpEffects {
  session?: SessionTokens;
  clearSession?: boolean;
}

const EFFECTS = Symbol('vaultkit.httpEffects');

/** `value` with its HTTP effects attached (the same object). */
export function withEffects<T extends object>(value: T, effects: HttpEffects): T {
  Object.defineProperty(value, EFFECTS, { value: effects, enumerable: false });
  return value;
}

/** The effects attached to an answer, if any. */
export function effectsOf(value: unknown): HttpEffects | undefined {
  return typeof value === 'object' && value !== null ? (value as { [EFFECTS]?: HttpEffects })[EFFECTS] : undefined;
}

/** The public session answer (DESIGN §7b): the user without secrets, the pair and its lifetime. */
export interface SessionJson {
  user: PublicUserJson;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** A session answer that also sets the token cookies over HTTP. */
export function sessionJson(session: { user: UserRecord; tokens: SessionTokens }): SessionJson {
  const { user, tokens } = session;
  const json = { user: serializeUser(user), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn };
  return withEffects(json, { session: tokens });
}

/** A message answer (`{ message }`), clearing the token cookies when `clearSession`. */
export function messageJson<T extends object = object>(message: string, extra?: T & { clearSession?: boolean }): { message: string } & Omit<T, 'clearSession'> {
  const { clearSession, ...rest } = (extra ?? {}) as T & { clearSession?: boolean };
  const json = { message, ...rest } as { message: string } & Omit<T, 'clearSession'>;
  return clearSession ? withEffects(json, { clearSession: true }) : json;
}
