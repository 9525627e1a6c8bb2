import { VaultError } from '../errors/vault-error.js';
import type { AuthContext, RouteContext, RouteResult } from '../http/types.js';

/** The caller of a route declared with `auth: 'user' | 'admin'` (the HTTP layer guarantees it). */
export function callerOf(ctx: RouteContext): AuthContext {
  if (!ctx.auth) throw new VaultError('AUTH_REQUIRED');
  return ctx.auth;
}

/** A message answer (`data: { message }` and `message`), with anything else the route adds. */
export function messageAnswer(message: string, extra: Omit<RouteResult, 'message'> = {}): RouteResult {
  return { ...extra, data: { message, ...(extra.data as object | undefined) }, message };
}
