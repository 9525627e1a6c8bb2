export { createPasswordHasher } from './hasher.js';
export { assertPasswordPolicy } from './policy.js';
export type { PasswordHasher, PasswordVerification } from './types.js';
