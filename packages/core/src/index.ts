export { createVault } from './create-vault.js';
export type { Vault, VaultTokens } from './vault.js';
export type { PublicVaultConfig } from './config/public-config.js';
export type { VaultOptions, SigningKeyOptions, RateLimitPolicy, RateLimitBucket } from './config/options.js';
export { parseDuration, formatSeconds, type Duration } from './config/duration.js';
export * from './errors/index.js';
export * from './clock.js';
export { consoleLogger, type VaultLogger } from './logging/logger.js';
export type * from './ports/index.js';
export * from './storage/index.js';
// For adapters that compare stored hashes themselves (an OTP attempt inside a transaction).
export { sameText } from './crypto/same-text.js';
export {
  outboxMailer,
  defaultMailTemplates,
  escapeHtml,
  type OutboxMailer,
  type OutboxMailerOptions,
  type OutboxMessage,
  type MailBaseData,
  type OtpMailData,
  type MailTemplateData,
  type MailTemplateName,
  type MailContent,
  type MailTemplate,
  type MailTemplates,
} from './mail/index.js';
export type { VaultEventMap, VaultEventName, VaultEventListener, SessionRevokeReason } from './events/types.js';
export type { AccessClaims, AccessVerification, ClientMeta, SessionTokens, TokenService } from './tokens/types.js';
export { serializeUser, serializeChannelUser, type PublicUserJson, type ChannelUserJson } from './users/serialize.js';
export type { Caller, CallOptions, OperationAuth, OperationMethod, OperationMethods } from './operations/define.js';
export type { SessionJson } from './operations/effects.js';
export { vaultOperations, type VaultOperation } from './operations/index.js';
export * from './http/index.js';
export { getClientAddress, rateLimitKey, memoryLimiterFactory, type LimiterSpec, type RateLimiterFactory, type LimitState } from './rate-limit/index.js';
export * from './media/index.js';
