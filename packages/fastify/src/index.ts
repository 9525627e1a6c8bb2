import { vaultkit } from './plugin.js';

export { vaultkit };
export { vaultkitFrameworkErrors } from './framework-errors.js';
export type {
  VaultkitDecorator,
  VaultkitDecoratorName,
  VaultkitOptions,
  VaultkitRequestCaller,
  VaultkitTypes,
  VaultLike,
  VaultPreHandler,
  VaultUser,
} from './types.js';
export default vaultkit;
