export { createTokenService } from './token-service.js';
export { createKeyRing, type KeyRing, type RingKey, type AccessAlgorithm } from './keyring.js';
export type { TokenContext } from './session-pair.js';
export type { AccessClaims, AccessFailure, AccessVerification, ClientMeta, SessionTokens, TokenService } from './types.js';
