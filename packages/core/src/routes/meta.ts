import { VaultError } from '../errors/vault-error.js';
import type { AuthContext, RouteContext } from '../http/types.js';

/** The caller of a route declared with `auth: 'user' | 'admin'` (the HTTP layer guarantees it). */
export function callerOf(ctx: RouteContext): AuthContext {
  if (!ctx.auth) throw new VaultError('AUTH_REQUIRED');
  return ctx.auth;
}
