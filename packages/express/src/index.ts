export { vaultRouter, type VaultRouterOptions } from './router.js';
export { requireAuth, requireRole } from './middleware.js';
export type { VaultUser } from './types.js';
export type { VaultLike } from '@vaultkit/core/node';
// Node's own client errors (408, 431, malformed HTTP) in the envelope: `server.on('clientError', clientErrorHandler(vault))`.
export { clientErrorHandler, type ClientErrorHandler } from '@vaultkit/core/node';
