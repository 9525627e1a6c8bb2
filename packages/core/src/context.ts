import type { Clock } from './clock.js';
import type { VaultConfig } from './config/resolve.js';
import type { VaultEvents } from './events/types.js';
import type { VaultLogger } from './logging/logger.js';
import type { MailQueue } from './mail/types.js';
import type { OtpService } from './otp/types.js';
import type { PasswordHasher } from './passwords/types.js';
import type { Mailer } from './ports/mailer.js';
import type { Storage } from './ports/storage.js';
import type { Uploader } from './ports/uploader.js';
import type { RateLimits } from './rate-limit/types.js';
import type { ServerKeys } from './crypto/server-keys.js';
import type { TokenService } from './tokens/types.js';

/**
 * Everything the flows and routes share, built once by `createVault`. Internal: flows take it
 * as their first argument instead of importing singletons.
 */
export interface VaultContext {
  config: VaultConfig;
  clock: Clock;
  logger: VaultLogger;
  storage: Storage;
  mailer: Mailer;
  /** The uploader passed in, or the embedded local-disk one. */
  uploader: Uploader;
  events: VaultEvents;
  keys: ServerKeys;
  passwords: PasswordHasher;
  tokens: TokenService;
  otp: OtpService;
  limits: RateLimits;
  mail: MailQueue;
}
