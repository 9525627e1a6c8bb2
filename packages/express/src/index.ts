export { vaultRouter, type VaultLike, type VaultRouterOptions } from './router.js';
export { requireAuth, requireRole } from './middleware.js';
export type { VaultUser } from './types.js';
