import { ERROR_TABLE, type VaultErrorCode } from './codes.js';

/** One problem with one field of the input. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error class of vaultkit. `code` is stable; `status` comes from the code table. Catch
 * with `isVaultError(e)` to get `AnyVaultError`, which narrows on `code`.
 *
 * @example
 * try { await vault.auth.login(input) } catch (e) { if (e instanceof VaultError && e.code === 'INVALID_CREDENTIALS') … }
 */
export class VaultError<C extends VaultErrorCode = VaultErrorCode> extends Error {
  readonly code: C;
  readonly status: number;
  readonly details?: ErrorDetail[];
  /** Seconds until retrying makes sense (429s). */
  readonly retryAfter?: number;

  constructor(code: C, options: { message?: string; details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {}) {
    super(options.message ?? ERROR_TABLE[code].message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_TABLE[code].status;
    if (options.details) this.details = options.details;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/** A uniqueness clash reported by a storage adapter; `field` names the unique value. */
export class ConflictError extends VaultError<'CONFLICT'> {
  readonly field: string;
  constructor(field: string, options: { cause?: unknown } = {}) {
    super('CONFLICT', {
      message: `This ${field} is already taken`,
      details: [{ path: field, message: 'already taken' }],
      cause: options.cause,
    });
    this.field = field;
  }
}

/** A port (storage, mailer, uploader, rate-limit store) is down: answered with 503. */
export class DependencyError extends VaultError<'DEPENDENCY_UNAVAILABLE'> {
  constructor(dependency: string, options: { cause?: unknown } = {}) {
    super('DEPENDENCY_UNAVAILABLE', { message: `The ${dependency} is temporarily unavailable`, cause: options.cause });
  }
}

/** Every configuration problem found by `createVault`, reported at once. */
export class VaultConfigError extends Error {
  readonly issues: ErrorDetail[];
  constructor(issues: ErrorDetail[]) {
    super(`Invalid vaultkit configuration:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'VaultConfigError';
    this.issues = issues;
  }
}

/** The codes of the 429 answers (they carry `retryAfter`). */
export type RateLimitCode = 'RATE_LIMITED' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_LOCKED';

type PlainCode = Exclude<VaultErrorCode, 'CONFLICT' | 'DEPENDENCY_UNAVAILABLE' | RateLimitCode>;

/**
 * Every error vaultkit throws, as a union that narrows on `code`: `CONFLICT` is a
 * `ConflictError` (with `field`), the 429 codes a `RateLimitedError` (with `retryAfter`).
 *
 * @example
 * catch (e) {
 *   if (!isVaultError(e)) throw e;
 *   switch (e.code) {
 *     case 'CONFLICT': return res.status(409).json({ taken: e.field });
 *     case 'ACCOUNT_LOCKED': return res.status(429).json({ retryAfter: e.retryAfter });
 *   }
 * }
 */
export type AnyVaultError = ConflictError | DependencyError | RateLimitedError | { [C in PlainCode]: VaultError<C> }[PlainCode];

/** Whether `value` is a vaultkit error (then its `code` narrows the type). */
export function isVaultError(value: unknown): value is AnyVaultError {
  return value instanceof VaultError;
}

/** A 429 with its retry time; `limit` fills the rate-limit headers when a bucket refused it. */
export class RateLimitedError extends VaultError<RateLimitCode> {
  readonly limit?: { limit: number; remaining: number; resetAt: number; windowSeconds: number };
  constructor(
    retryAfter: number,
    options: {
      code?: RateLimitCode;
      limit?: { limit: number; remaining: number; resetAt: number; windowSeconds: number };
    } = {},
  ) {
    super(options.code ?? 'RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(retryAfter)) });
    if (options.limit) this.limit = options.limit;
  }
}
