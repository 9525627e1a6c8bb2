import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitBucket } from '../config/options.js';
import type { VaultConfig } from '../config/resolve.js';
import { DependencyError, RateLimitedError } from '../errors/vault-error.js';
import type { VaultEvents } from '../events/types.js';
import { memoryLimiterFactory, type RateLimiterFactory } from './limiter-factory.js';
import type { LimitState, RateLimits } from './types.js';

const STORE = 'rate-limit store';

/**
 * Builds the rate limits of a vault: one limiter per enabled bucket (keyed by client address),
 * the per-account failed-login lock and the per-address mail quota, all from
 * `config.rateLimits.factory` (memory by default).
 *
 * @example
 * const limits = createRateLimits({ config: resolveConfig(options), events: createEvents() });
 * const state = await limits.consume('login', rateLimitKey(address)); // throws RateLimitedError when over budget
 */
export function createRateLimits(ctx: { config: VaultConfig; events: VaultEvents }): RateLimits {
  const { config, events } = ctx;
  const factory: RateLimiterFactory = config.rateLimits.factory ?? memoryLimiterFactory;
  const make = (name: string, points: number, durationMs: number) =>
    factory({ keyPrefix: `vk:${name}`, points, duration: toSeconds(durationMs) });

  // Each bucket's limiter with its result mapper, built once (no closure per request).
  const buckets = new Map<RateLimitBucket, { limiter: RateLimiterAbstract; toState: (res: RateLimiterRes) => LimitState }>();
  for (const [bucket, policy] of Object.entries(config.rateLimits.policies) as [RateLimitBucket, (typeof config.rateLimits.policies)[RateLimitBucket]][]) {
    if (!policy) continue;
    const limiter = make(bucket, policy.points, policy.durationMs);
    buckets.set(bucket, { limiter, toState: (res) => toState(limiter, res) });
  }

  // Typed `boolean | {...}` by the config; only an object enables the lock.
  const lockSetting = config.rateLimits.accountLock;
  const lockPolicy = typeof lockSetting === 'object' ? lockSetting : null;
  const lock = lockPolicy ? make('account-lock', lockPolicy.maxFailures, lockPolicy.durationMs) : null;
  const cooldown = make('mail-cooldown', 1, config.rateLimits.resendCooldownMs);
  const mailBudget = make('mail-budget', config.rateLimits.mailPerAddress.points, config.rateLimits.mailPerAddress.durationMs);

  return {
    consume(bucket, clientKey) {
      const entry = buckets.get(bucket);
      if (!entry) return Promise.resolve(null);
      // Not `async`: every request of a limited route comes here, and one `then` costs less
      // than an async frame. A synchronous throw of the store is a 503 like a rejection.
      let pending: Promise<RateLimiterRes>;
      try {
        pending = entry.limiter.consume(clientKey);
      } catch (error) {
        return Promise.reject(new DependencyError(STORE, { cause: error }));
      }
      return Promise.resolve(pending).then(entry.toState, (error: unknown) => {
        if (!isLimiterRes(error)) throw new DependencyError(STORE, { cause: error });
        events.emit('rate_limit.exceeded', { bucket, key: clientKey });
        const limit = { ...toState(entry.limiter, error), remaining: 0 };
        throw new RateLimitedError(error.msBeforeNext / 1000, { limit });
      });
    },

    async reserveLoginAttempt(identifier) {
      if (!lock) return { accountKey: identifier, number: 0 };
      // Counted first (one atomic increment in the store), checked after: parallel attempts
      // each get their own number, and those past the maximum never reach bcrypt.
      const res = await consumeOrRefusal(lock, accountKey(identifier));
      if (res.consumedPoints > lock.points) throw new RateLimitedError(res.msBeforeNext / 1000, { code: 'ACCOUNT_LOCKED' });
      return { accountKey: identifier, number: res.consumedPoints };
    },

    async recordLoginFailure(attempt) {
      if (!lock || !lockPolicy) return;
      // The attempt that used the last check starts a full lock period (not the rest of the
      // counting window); earlier failures keep their reserved point.
      if (attempt.number >= lockPolicy.maxFailures) {
        await guard(() => lock.block(accountKey(attempt.accountKey), toSeconds(lockPolicy.durationMs)));
      }
    },

    async clearLoginFailures(identifier) {
      if (!lock) return;
      await guard(() => lock.delete(accountKey(identifier)));
    },

    async consumeMailQuota(address, purpose) {
      // Per purpose: signing up must not block the login code or a reset a minute later.
      const key = `${purpose}:${address.trim().toLowerCase()}`;
      // Cooldown first: a refused cooldown must not eat the hourly budget.
      for (const limiter of [cooldown, mailBudget]) {
        const res = await consumeOrRefusal(limiter, key);
        if (res.consumedPoints > limiter.points) throw new RateLimitedError(res.msBeforeNext / 1000);
      }
    },
  };
}

// --- internal ---

function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function accountKey(identifier: string): string {
  return identifier.trim().toLowerCase();
}

/** Duck-typed so that a limiter built with another copy of rate-limiter-flexible still works. */
function isLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as RateLimiterRes).msBeforeNext === 'number';
}

function toState(limiter: RateLimiterAbstract, res: RateLimiterRes): LimitState {
  return {
    limit: limiter.points,
    remaining: Math.max(0, res.remainingPoints),
    resetAt: Date.now() + Math.max(0, res.msBeforeNext),
    windowSeconds: limiter.duration,
  };
}

/** Runs a store call; a store failure becomes a 503. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new DependencyError(STORE, { cause: error });
  }
}

/** Consumes one point; a refusal is returned as a value (its `consumedPoints` exceed the limit). */
async function consumeOrRefusal(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (error) {
    if (isLimiterRes(error)) return error;
    throw new DependencyError(STORE, { cause: error });
  }
}
