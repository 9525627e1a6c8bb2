import type { IncomingMessage } from 'node:http';
import type { AuthContext, Authentication, VaultHttp } from '../http/types.js';
import { toAuthRequest } from './request.js';
import type { VaultUser } from './types.js';

/**
 * Authenticates a request to one of the app's own routes (Bearer token or access cookie, CSRF
 * for unsafe cookie requests, live-session check). Never rejects: a failure, including an
 * unexpected one, is `{ ok: false, response }` with the envelope to answer.
 *
 * @example
 * const result = await authenticateRequest(vault.http, req);
 * if (result.ok) req.user = callerOf(result.auth);
 * else writeVaultResponse(res, result.response);
 */
export async function authenticateRequest(http: VaultHttp, req: IncomingMessage): Promise<Authentication> {
  try {
    return await http.authenticate(toAuthRequest(req));
  } catch (error) {
    // `authenticate` never rejects by contract; this keeps every failure in the envelope anyway.
    return { ok: false, response: http.renderError(error) };
  }
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
