import { systemClock } from './clock.js';
import type { VaultOptions } from './config/options.js';
import { productionWarnings } from './config/production-warnings.js';
import { publicConfig } from './config/public-config.js';
import { resolveConfig } from './config/resolve.js';
import type { VaultContext } from './context.js';
import { deriveServerKeys } from './crypto/server-keys.js';
import { DependencyError } from './errors/vault-error.js';
import { createEvents } from './events/emitter.js';
import { can } from './http/authorize.js';
import { createHttp } from './http/handle.js';
import { consoleLogger } from './logging/logger.js';
import { createMailQueue } from './mail/mail-queue.js';
import { isOutboxMailer, outboxMailer } from './mail/outbox-mailer.js';
import { vaultOperations } from './operations/index.js';
import { buildOperationMethods } from './operations/methods.js';
import { createOtpService } from './otp/otp-service.js';
import { createPasswordHasher } from './passwords/hasher.js';
import { createRateLimits } from './rate-limit/create-rate-limits.js';
import { composeStorage } from './storage/compose.js';
import { DEFAULT_UPLOAD_DIRECTORY, defaultUploader } from './media/default-uploader.js';
import { isLocalDiskUploader } from './media/local-disk-uploader.js';
import { isMemoryStorage, memoryStorage } from './storage/memory/index.js';
import { createTokenService } from './tokens/token-service.js';
import type { Vault } from './vault.js';

/**
 * Builds a vault. Configuration is validated at once: every problem is reported together in a
 * `VaultConfigError`. Without adapters, the embedded defaults are used (memory storage, the
 * outbox mailer and a local-disk uploader under the temp folder), fine for one process,
 * development and tests.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * app.use(vaultRouter(vault));
 */
export function createVault(options: VaultOptions): Vault {
  const config = resolveConfig(options);
  const clock = options.clock ?? systemClock;
  const storage = composeStorage(options.storage ?? memoryStorage());
  const mailer = options.mailer ?? outboxMailer({ clock });
  const logger = options.logger ?? consoleLogger;
  const uploader = options.uploader ?? defaultUploader();
  const warnings = productionWarnings({
    nodeEnv: process.env.NODE_ENV,
    memoryStorage: options.storage === undefined || isMemoryStorage(options.storage),
    outboxMailer: isOutboxMailer(mailer),
    defaultUploader: isLocalDiskUploader(uploader) && uploader.directory === DEFAULT_UPLOAD_DIRECTORY,
  });
  for (const warning of warnings) logger.warn(warning);
  const events = createEvents((error) => logger.error('event listener failed', error));
  const keys = deriveServerKeys(config.tokens.secret, config.passwords.peppers);
  const base = { config, clock, logger, storage, mailer, uploader, events, keys };
  const tokens = createTokenService(base);
  const ctx: VaultContext = {
    ...base,
    tokens,
    passwords: createPasswordHasher(config.passwords, keys.peppers),
    otp: createOtpService(base),
    limits: createRateLimits({ config, events }),
    mail: createMailQueue({ mailer, events, retry: config.mail.retry, templates: options.mail?.templates, logger }),
  };
  const http = createHttp(ctx, vaultOperations);

  return {
    ...buildOperationMethods(ctx, vaultOperations),
    tokens: { verifyAccess: tokens.verifyAccess, revokeSession: tokens.revokeSession, revokeAllSessions: tokens.revokeAllSessions },
    can: (user, roleOrPermission) => can(config.roles, user.role, roleOrPermission),
    on: (event, listener) => events.on(event, listener),
    http,
    routes: http.routes,
    storage,
    mailer,
    uploader,
    logger,
    config: publicConfig(config),
    async ready() {
      // Make the dummy hash now, so the first unknown-account login costs what later ones do;
      // once: a readiness probe must not queue a bcrypt run behind the logins it competes with.
      await ctx.passwords.prepare();
      const checks: [string, (() => Promise<void>) | undefined][] = [
        ['storage', storage.ping?.bind(storage)],
        ['mailer', mailer.ping?.bind(mailer)],
        ['uploader', uploader.ping?.bind(uploader)],
      ];
      for (const [name, ping] of checks) {
        if (!ping) continue;
        try {
          await ping();
        } catch (cause) {
          throw cause instanceof DependencyError ? cause : new DependencyError(name, { cause });
        }
      }
    },
    async close() {
      await ctx.mail.drain();
      // Only the embedded defaults are ours to close; the app owns the adapters it passed in.
      if (!options.storage) await storage.dispose?.();
    },
  };
}
