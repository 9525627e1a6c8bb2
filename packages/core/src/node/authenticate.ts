import type { IncomingMessage } from 'node:http';
import type { AuthContext, Authentication, VaultHttp } from '../http/types.js';
import { toAuthRequest } from './request.js';
import type { VaultUser } from './types.js';

/**
 * Authenticates a request to one of the app's own routes (Bearer token or access cookie, CSRF
 * for unsafe cookie requests, live-session check). Never rejects: a failure, including an
 * unexpected one, is `{ ok: false, response }` with the envelope to answer. With `then`, the
 * promise resolves with what `then` returns for that result: one step fewer on a path that runs
 * on every protected request (a throw in `then` rejects it).
 *
 * @example
 * const result = await authenticateRequest(vault.http, req);
 * if (result.ok) req.user = callerOf(result.auth);
 * else writeVaultResponse(res, result.response);
 *
 * @example
 * authenticateRequest(vault.http, req, (result) => (result.ok ? next() : writeVaultResponse(res, result.response)));
 */
export function authenticateRequest(http: VaultHttp, req: IncomingMessage): Promise<Authentication>;
export function authenticateRequest<T>(http: VaultHttp, req: IncomingMessage, then: (result: Authentication) => T): Promise<T>;
export function authenticateRequest<T>(http: VaultHttp, req: IncomingMessage, then?: (result: Authentication) => T): Promise<T | Authentication> {
  const settle: (result: Authentication) => T | Authentication = then ?? ((result) => result);
  // `authenticate` never rejects by contract; this keeps every failure in the envelope anyway.
  // Not `async`: it runs on every protected request, and one `then` costs less than an async frame.
  const failed = (error: unknown): T | Authentication => settle({ ok: false, response: http.renderError(error) });
  let pending: Promise<Authentication>;
  try {
    pending = Promise.resolve(http.authenticate(toAuthRequest(req)));
  } catch (error) {
    return Promise.resolve().then(() => failed(error));
  }
  return pending.then(settle, failed);
}

/**
 * The caller the adapters put on the request: the public part of the authentication context.
 *
 * @example
 * req.user = callerOf(result.auth); // { id, role, sessionId }
 */
export function callerOf(auth: AuthContext): VaultUser {
  return { id: auth.userId, role: auth.role, sessionId: auth.sessionId };
}
