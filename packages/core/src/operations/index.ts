import { accountOperations } from './account-operations.js';
import { adminAssetOperations } from './admin-asset-operations.js';
import { adminOperations } from './admin-operations.js';
import { assetOperations } from './asset-operations.js';
import { authOperations } from './auth-operations.js';
import { channelOperations } from './channel-operations.js';
import { mediaOperations } from './media-operations.js';

/** Every operation of vaultkit, declared once (DESIGN §2): the vault's functions and its routes. */
export const vaultOperations = [...authOperations, ...accountOperations, ...mediaOperations, ...channelOperations, ...assetOperations, ...adminOperations, ...adminAssetOperations] as const;

export type VaultOperation = (typeof vaultOperations)[number];
