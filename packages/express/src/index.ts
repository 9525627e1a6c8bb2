export { vaultRouter, type VaultRouterOptions } from './router.js';
export { requireAuth, requireRole } from './middleware.js';
export type { VaultUser } from './types.js';
export type { VaultLike } from '@vaultkit/core/node';
