export { ERROR_TABLE, statusOf, type VaultErrorCode } from './codes.js';
export { VaultError, ConflictError, DependencyError, RateLimitedError, VaultConfigError, isVaultError, type AnyVaultError, type ErrorDetail, type RateLimitCode } from './vault-error.js';
