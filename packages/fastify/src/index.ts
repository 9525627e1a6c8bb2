import { vaultkit } from './plugin.js';

export { vaultkit };
export { vaultkitFrameworkErrors } from './framework-errors.js';
// Node's own client errors (408, 431, malformed HTTP) in the envelope: `Fastify({ clientErrorHandler: clientErrorHandler(vault) })`.
export { clientErrorHandler, type ClientErrorHandler } from '@vaultkit/core/node';
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
