import type { z } from 'zod';
import { deleteUserAsAdmin, ensureAdmin, listUsers, updateUserAsAdmin } from './admin/users.js';
import { changePassword, logout, logoutAll, setTwoFactor } from './auth/account-security.js';
import { login, verifyLogin } from './auth/login.js';
import { forgotPassword, resetPassword, verifyResetCode } from './auth/password-reset.js';
import { register, verifyEmail } from './auth/register.js';
import { resendOtp } from './auth/resend-otp.js';
import * as schemas from './auth/schemas.js';
import { systemClock } from './clock.js';
import type { VaultOptions } from './config/options.js';
import { resolveConfig } from './config/resolve.js';
import type { VaultContext } from './context.js';
import { deriveServerKeys } from './crypto/server-keys.js';
import { DependencyError, VaultError } from './errors/vault-error.js';
import { createEvents } from './events/emitter.js';
import { consoleLogger } from './logging/logger.js';
import { can } from './http/authorize.js';
import { createHttp } from './http/handle.js';
import { toDetails } from './http/validate.js';
import { createMailQueue } from './mail/mail-queue.js';
import { outboxMailer } from './mail/outbox-mailer.js';
import { createOtpService } from './otp/otp-service.js';
import { createPasswordHasher } from './passwords/hasher.js';
import { createRateLimits } from './rate-limit/create-rate-limits.js';
import { vaultRoutes } from './routes/index.js';
import { composeStorage } from './storage/compose.js';
import { memoryStorage } from './storage/memory/index.js';
import type { ClientMeta } from './tokens/types.js';
import { createTokenService } from './tokens/token-service.js';
import { getUser, isUsernameAvailable, updateProfile } from './users/profile.js';
import { deleteUserCascade } from './users/delete-user.js';
import type { Vault } from './vault.js';

const NO_META: ClientMeta = { ip: null, userAgent: null };

/** Validates programmatic input with the route's schema (the same rules as over HTTP). */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new VaultError('VALIDATION_FAILED', { details: toDetails(result.error) });
  return result.data;
}

/**
 * Builds a vault. Configuration is validated at once: every problem is reported together in a
 * `VaultConfigError`. Without adapters, the embedded defaults are used (memory storage and the
 * outbox mailer), fine for one process, development and tests.
 *
 * @example
 * const vault = createVault({ tokens: { secret: process.env.JWT_SECRET! } });
 * app.use(vaultRouter(vault));
 */
export function createVault(options: VaultOptions): Vault {
  const config = resolveConfig(options);
  const clock = options.clock ?? systemClock;
  const storage = composeStorage(options.storage ?? memoryStorage({ clock }));
  const mailer = options.mailer ?? outboxMailer({ clock });
  const logger = options.logger ?? consoleLogger;
  const events = createEvents((error) => logger.error('event listener failed', error));
  const keys = deriveServerKeys(config.tokens.secret, config.passwords.peppers);
  const base = { config, clock, logger, storage, mailer, uploader: options.uploader, events, keys };
  const tokens = createTokenService(base);
  const ctx: VaultContext = {
    ...base,
    tokens,
    passwords: createPasswordHasher(config.passwords, keys.peppers),
    otp: createOtpService(base),
    limits: createRateLimits({ config, events }),
    mail: createMailQueue({ mailer, events }),
  };
  const http = createHttp(ctx, [...vaultRoutes]);

  return {
    auth: {
      register: (input, meta = NO_META) => register(ctx, parse(schemas.registerInput, input), meta),
      verifyEmail: (input, meta = NO_META) => verifyEmail(ctx, parse(schemas.verifyEmailInput, input), meta),
      resendOtp: (input) => resendOtp(ctx, parse(schemas.resendOtpInput, input)),
      login: (input, meta = NO_META) => login(ctx, parse(schemas.loginInput, input), meta),
      verifyLogin: (input, meta = NO_META) => verifyLogin(ctx, parse(schemas.verifyLoginInput, input), meta),
      refresh: (refreshToken, meta = NO_META) => tokens.refresh(refreshToken, meta),
      logout: (auth) => logout(ctx, auth),
      logoutAll: (auth) => logoutAll(ctx, auth),
      forgotPassword: (input, meta = NO_META) => forgotPassword(ctx, parse(schemas.forgotPasswordInput, input), meta),
      verifyResetCode: (input) => verifyResetCode(ctx, parse(schemas.verifyResetInput, input)),
      resetPassword: (input) => resetPassword(ctx, parse(schemas.resetPasswordInput, input)),
      changePassword: (auth, input, meta = NO_META) => changePassword(ctx, auth, { ...parse(schemas.changePasswordInput, input), meta }),
      setTwoFactor: (auth, input) => setTwoFactor(ctx, auth, parse(schemas.twoFactorInput, input)),
      isUsernameAvailable: (username) => isUsernameAvailable(ctx, parse(schemas.usernameSchema, username)),
    },
    users: {
      get: (userId) => getUser(ctx, userId),
      update: (userId, input) => updateProfile(ctx, userId, parse(schemas.updateProfileInput, input)),
      delete: (userId) => deleteUserCascade(ctx, userId, userId),
    },
    admin: {
      listUsers: (query) => listUsers(ctx, query),
      getUser: (userId) => getUser(ctx, userId),
      updateUser: (userId, input, by = null) => updateUserAsAdmin(ctx, userId, { ...input, by }),
      deleteUser: (userId, by = null) => deleteUserAsAdmin(ctx, userId, by),
      ensureAdmin: (input) => ensureAdmin(ctx, { email: parse(schemas.emailSchema, input.email), password: input.password }),
    },
    tokens,
    can: (user, roleOrPermission) => can(config.roles, user.role, roleOrPermission),
    on: (event, listener) => events.on(event, listener),
    http,
    routes: http.routes,
    storage,
    mailer,
    logger,
    config,
    async ready() {
      // Make the dummy hash now, so the first unknown-account login costs what later ones do.
      await ctx.passwords.verifyDummy('');
      const checks: [string, (() => Promise<void>) | undefined][] = [
        ['storage', storage.ping?.bind(storage)],
        ['mailer', mailer.ping?.bind(mailer)],
        ['uploader', options.uploader?.ping?.bind(options.uploader)],
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
