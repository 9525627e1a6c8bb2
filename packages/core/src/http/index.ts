export { createHttp, type HttpOptions } from './handle.js';
export { can } from './authorize.js';
export { authenticateToken, readAccessToken, type AuthFailureCode, type AuthOutcome } from './authenticate.js';
export { parseCookies, serializeCookie, tokenCookieNames, isSecureRequest, isHttpsRequest, type CookieSpec, type TokenCookieNames, type SetCookieOptions } from './cookies.js';
export { isTrustedOrigin, hasBearer } from './csrf.js';
export { readJsonBody, drainBody, MAX_JSON_BODY_BYTES } from './body.js';
export { successResponse, errorResponse, NO_STORE, type SuccessEnvelope, type ErrorEnvelope } from './envelope.js';
export { renderError } from './render-error.js';
export { rateLimitHeaders, type RateLimitHeaderMode } from './rate-limit-headers.js';
export { buildOpenApi } from './openapi.js';
export { getClientAddress, rateLimitKey } from '../rate-limit/client-key.js';
export {
  defineRoute,
  type VaultRequest,
  type VaultResponse,
  type AuthContext,
  type RouteAuth,
  type RouteContext,
  type RouteResult,
  type RouteDefinition,
  type Authentication,
  type VaultHttp,
} from './types.js';
