export { ERROR_TABLE, statusOf, type VaultErrorCode } from './codes.js';
export { VaultError, ConflictError, DependencyError, RateLimitedError, VaultConfigError, isVaultError, type ErrorDetail } from './vault-error.js';
