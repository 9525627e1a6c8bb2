/**
 * `@vaultkit/core/node`: the Node glue under the framework adapters. Reading Node's request into
 * the neutral `VaultRequest`, writing a `VaultResponse` to Node's response, authenticating the
 * app's own routes, the vault shape check and the adapters' shared types live here once, so an
 * adapter file only speaks its framework (as tRPC's adapters sit on its `node-http` layer).
 */
export type { VaultLike, VaultUser } from './types.js';
export { toVaultRequest, toAuthRequest } from './request.js';
export { writeVaultResponse, serializeBody, JSON_CONTENT_TYPE } from './response.js';
export { authenticateRequest, callerOf } from './authenticate.js';
export { vaultHttpOf, assertVault, loggerOf, isHttpRequest, misconfigured } from './vault-shape.js';
export { clientErrorHandler, type ClientErrorHandler } from './client-errors.js';
