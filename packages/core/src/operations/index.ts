import { accountOperations } from './account-operations.js';
import { adminOperations } from './admin-operations.js';
import { authOperations } from './auth-operations.js';
import { mediaOperations } from './media-operations.js';

/** Every operation of vaultkit, declared once (DESIGN §2): the vault's functions and its routes. */
export const vaultOperations = [...authOperations, ...accountOperations, ...mediaOperations, ...adminOperations] as const;

export type VaultOperation = (typeof vaultOperations)[number];
