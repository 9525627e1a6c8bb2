import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { VaultConfigError, type ErrorDetail } from '../errors/vault-error.js';
import { parseDuration } from './duration.js';
import { describeConfigIssues, GENERATE_SECRET } from './issues.js';
import type { RateLimitBucket, RateLimitPolicy, VaultOptions } from './options.js';

/** Default budgets of DESIGN §7 (per client address). */
export const DEFAULT_POLICIES: Record<RateLimitBucket, { points: number; durationMs: number }> = {
  general: { points: 100, durationMs: 15 * 60_000 },
  register: { points: 5, durationMs: 3_600_000 },
  login: { points: 10, durationMs: 15 * 60_000 },
  verifyOtp: { points: 5, durationMs: 15 * 60_000 },
  resendOtp: { points: 3, durationMs: 3_600_000 },
  forgotPassword: { points: 3, durationMs: 3_600_000 },
  upload: { points: 20, durationMs: 3_600_000 },
};

export const DEFAULT_ROLES: Record<string, string[]> = {
  user: ['profile:read', 'profile:write', 'assets:read', 'assets:write', 'subscriptions:write'],
  admin: ['*'],
};

/** The names `mail.templates` accepts (a typo is reported, not silently ignored). */
const MAIL_TEMPLATE_NAMES = ['verifyEmail', 'loginCode', 'resetPassword', 'loginNotification', 'passwordChanged', 'duplicateRegistration'] as const;

/** Default upload limits (DESIGN §8). */
export const DEFAULT_MEDIA_LIMITS = {
  maxBytes: { image: 10 * 1024 * 1024, video: 200 * 1024 * 1024 },
  maxFieldBytes: 64 * 1024,
  maxParts: 20,
} as const;

const duration = z.union([z.number(), z.string()]).refine((v) => parseDuration(v) !== null, {
  message: 'is not a duration (a positive number of ms, or text like "15m", "7d")',
});
const policy = z.object({ points: z.number().int().positive(), duration }).strict();
const keyLike = z.custom<unknown>((v) => v !== undefined && v !== null, { message: 'is required' });

const schema = z
  .object({
    storage: z.record(z.string(), z.unknown()).optional(),
    mailer: z.object({ send: z.function() }).passthrough().optional(),
    uploader: z.object({ upload: z.function(), remove: z.function() }).passthrough().optional(),
    clock: z.object({ now: z.function() }).passthrough().optional(),
    logger: z.object({ warn: z.function(), error: z.function() }).passthrough().optional(),
    appName: z.string().min(1).max(100).optional(),
    mail: z
      .object({
        templates: z.object(Object.fromEntries(MAIL_TEMPLATE_NAMES.map((name) => [name, z.function().optional()]))).strict().optional(),
        retry: z.object({ attempts: z.number().int().min(1).max(20).optional(), baseDelay: duration.optional(), maxDelay: duration.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    tokens: z
      .object({
        secret: z.string().refine((s) => Buffer.byteLength(s, 'utf8') >= 32, { message: `must be at least 32 bytes (UTF-8); ${GENERATE_SECRET}` }),
        keys: z
          .array(
            z
              .object({
                kid: z.string().min(1),
                alg: z.enum(['RS256', 'ES256', 'HS256']),
                privateKey: keyLike.optional(),
                publicKey: keyLike,
              })
              .strict(),
          )
          .min(1)
          .optional(),
        accessTtl: duration.optional(),
        refreshTtl: duration.optional(),
        refreshAbsoluteTtl: duration.optional(),
        reuseGraceSeconds: z.number().min(0).max(300).optional(),
        issuer: z.string().min(1).optional(),
        audience: z.string().min(1).optional(),
        clockToleranceSeconds: z.number().min(0).max(300).optional(),
        verifyCacheSize: z.number().int().min(0).optional(),
      })
      .strict(),
    passwords: z
      .object({
        minLength: z.number().int().min(1).max(64).optional(),
        maxLength: z.number().int().min(64).max(256).optional(),
        bcryptCost: z.number().int().min(4).max(16).optional(),
        maxConcurrentHashes: z.number().int().min(1).max(1024).optional(),
        peppers: z
          .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/), secret: z.string().min(32) }).strict())
          .min(1)
          .optional(),
        isBreached: z.function().optional(),
        UNSAFE_allowLowCostForTests: z.boolean().optional(),
      })
      .strict()
      .optional(),
    otp: z
      .object({ ttl: duration.optional(), maxAttempts: z.number().int().min(1).max(20).optional(), lockDuration: duration.optional() })
      .strict()
      .optional(),
    auth: z
      .object({
        requireEmailVerification: z.boolean().optional(),
        twoFactor: z.enum(['off', 'optional', 'required']).optional(),
        loginNotification: z.boolean().optional(),
        resetTokenTtl: duration.optional(),
      })
      .strict()
      .optional(),
    roles: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), z.array(z.string().min(1))).optional(),
    rateLimits: z
      .object({
        scale: z.number().positive().optional(),
        factory: z.function().optional(),
        policies: z
          .object(Object.fromEntries(Object.keys(DEFAULT_POLICIES).map((k) => [k, z.union([policy, z.literal(false)]).optional()])))
          .strict()
          .optional(),
        accountLock: z.union([z.object({ maxFailures: z.number().int().positive(), duration }).strict(), z.literal(false)]).optional(),
        resendCooldown: duration.optional(),
        mailPerAddress: policy.optional(),
        headers: z.enum(['legacy', 'ietf', 'both']).optional(),
      })
      .strict()
      .optional(),
    media: z
      .object({
        maxBytes: z.object({ image: z.number().int().positive().optional(), video: z.number().int().positive().optional() }).strict().optional(),
        maxFieldBytes: z.number().int().min(1024).max(16 * 1024 * 1024).optional(),
        maxParts: z.number().int().min(2).max(1000).optional(),
      })
      .strict()
      .optional(),
    http: z
      .object({
        prefix: z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, { message: 'must look like "/api/v1" (no trailing slash)' }).optional(),
        trustedOrigins: z.array(z.url()).optional(),
        tokenTransport: z.enum(['both', 'cookie', 'body']).optional(),
        trustProxy: z.union([z.boolean(), z.number().int().min(0).max(32)]).optional(),
        cookies: z
          .object({
            secure: z.union([z.boolean(), z.literal('auto')]).optional(),
            accessName: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
            refreshName: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const ms = (value: unknown, fallback: number): number => (value === undefined ? fallback : parseDuration(value as string)!);

/** The configuration with every default applied and every duration in milliseconds. */
export function resolveConfig(options: VaultOptions) {
  const parsed = schema.safeParse(options);
  const issues: ErrorDetail[] = parsed.success
    ? []
    : describeConfigIssues(parsed.error.issues, { schema, options });
  const o = options ?? ({} as VaultOptions);
  const cost = o.passwords?.bcryptCost ?? 11;
  if (cost < 10 && !o.passwords?.UNSAFE_allowLowCostForTests) {
    issues.push({ path: 'passwords.bcryptCost', message: 'is below 10; only allowed with UNSAFE_allowLowCostForTests' });
  }
  // A null-prototype copy: `roles["constructor"]` or `roles["__proto__"]` is never a role.
  const roles: Record<string, string[]> = Object.assign(Object.create(null), o.roles ?? DEFAULT_ROLES);
  if (!Object.hasOwn(roles, 'user') || !Object.hasOwn(roles, 'admin')) issues.push({ path: 'roles', message: 'must define the "user" and "admin" roles' });
  const retry = o.mail?.retry;
  const mailRetry = { attempts: retry?.attempts ?? 5, baseDelayMs: ms(retry?.baseDelay, 1000), maxDelayMs: ms(retry?.maxDelay, 60_000) };
  if (parsed.success && mailRetry.maxDelayMs < mailRetry.baseDelayMs) issues.push({ path: 'mail.retry.maxDelay', message: 'must not be shorter than mail.retry.baseDelay' });
  if (issues.length > 0) throw new VaultConfigError(issues);

  const policies = {} as Record<RateLimitBucket, { points: number; durationMs: number } | false>;
  const scale = o.rateLimits?.scale ?? 1;
  for (const bucket of Object.keys(DEFAULT_POLICIES) as RateLimitBucket[]) {
    const given: RateLimitPolicy | false | undefined = o.rateLimits?.policies?.[bucket];
    const base = given === undefined ? DEFAULT_POLICIES[bucket] : given === false ? false : { points: given.points, durationMs: ms(given.duration, 0) };
    policies[bucket] = base === false ? false : { points: Math.max(1, Math.round(base.points * scale)), durationMs: base.durationMs };
  }
  const lock = o.rateLimits?.accountLock;
  const mailPolicy = o.rateLimits?.mailPerAddress;

  return {
    appName: o.appName ?? 'vaultkit',
    mail: { retry: mailRetry },
    tokens: {
      secret: o.tokens.secret,
      keys: o.tokens.keys,
      accessTtlMs: ms(o.tokens.accessTtl, 15 * 60_000),
      refreshTtlMs: ms(o.tokens.refreshTtl, 7 * 86_400_000),
      refreshAbsoluteTtlMs: ms(o.tokens.refreshAbsoluteTtl, 30 * 86_400_000),
      reuseGraceMs: (o.tokens.reuseGraceSeconds ?? 10) * 1000,
      issuer: o.tokens.issuer ?? 'vaultkit',
      audience: o.tokens.audience ?? 'vaultkit',
      clockToleranceSeconds: o.tokens.clockToleranceSeconds ?? 0,
      verifyCacheSize: o.tokens.verifyCacheSize ?? 10_000,
    },
    passwords: {
      minLength: o.passwords?.minLength ?? 8,
      maxLength: o.passwords?.maxLength ?? 256,
      bcryptCost: cost,
      maxConcurrentHashes: o.passwords?.maxConcurrentHashes ?? Math.max(1, availableParallelism() - 1),
      peppers: o.passwords?.peppers,
      isBreached: o.passwords?.isBreached,
    },
    otp: {
      ttlMs: ms(o.otp?.ttl, 5 * 60_000),
      maxAttempts: o.otp?.maxAttempts ?? 5,
      lockMs: ms(o.otp?.lockDuration, 15 * 60_000),
    },
    auth: {
      requireEmailVerification: o.auth?.requireEmailVerification ?? true,
      twoFactor: o.auth?.twoFactor ?? 'optional',
      loginNotification: o.auth?.loginNotification ?? true,
      resetTokenTtlMs: ms(o.auth?.resetTokenTtl, 10 * 60_000),
    },
    roles,
    rateLimits: {
      policies,
      factory: o.rateLimits?.factory,
      accountLock: (lock === false ? false : { maxFailures: lock?.maxFailures ?? 10, durationMs: ms(lock?.duration, 15 * 60_000) }) as
        | false
        | { maxFailures: number; durationMs: number },
      resendCooldownMs: ms(o.rateLimits?.resendCooldown, 60_000),
      mailPerAddress: { points: mailPolicy?.points ?? 3, durationMs: ms(mailPolicy?.duration, 3_600_000) },
      headers: o.rateLimits?.headers ?? 'legacy',
    },
    media: {
      maxBytes: {
        image: o.media?.maxBytes?.image ?? DEFAULT_MEDIA_LIMITS.maxBytes.image,
        video: o.media?.maxBytes?.video ?? DEFAULT_MEDIA_LIMITS.maxBytes.video,
      },
      maxFieldBytes: o.media?.maxFieldBytes ?? DEFAULT_MEDIA_LIMITS.maxFieldBytes,
      maxParts: o.media?.maxParts ?? DEFAULT_MEDIA_LIMITS.maxParts,
    },
    http: {
      prefix: o.http?.prefix ?? '/api/v1',
      trustedOrigins: (o.http?.trustedOrigins ?? []).map((u) => new URL(u).origin),
      tokenTransport: o.http?.tokenTransport ?? 'both',
      trustProxy: o.http?.trustProxy ?? false,
      cookies: {
        secure: o.http?.cookies?.secure ?? 'auto',
        accessName: o.http?.cookies?.accessName,
        refreshName: o.http?.cookies?.refreshName,
      },
    },
  };
}

export type VaultConfig = ReturnType<typeof resolveConfig>;
