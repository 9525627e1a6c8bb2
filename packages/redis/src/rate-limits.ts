/*
 * @vaultkit/redis: the rate-limiter factory for `rateLimits.factory`.
 *
 * Adapters import only @vaultkit/core's public entry points, never its files.
 */
import type { RateLimiterFactory } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Keys } from './keys.js';

/**
 * Builds each vaultkit limiter as rate-limiter-flexible's `RateLimiterRedis` on the app's
 * client, so every instance counts against one budget, with a `RateLimiterMemory` of the same
 * spec as its insurance: while Redis is down or not ready, each process limits on its own
 * (N processes then allow up to N times the budget) instead of refusing every request.
 *
 * @example
 * createVault({ tokens: { secret }, rateLimits: { factory: redisLimiterFactory(redis, keysFor('vaultkit:')) } });
 */
export function redisLimiterFactory(client: Redis, keys: Keys): RateLimiterFactory {
  return (spec) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: keys.rateLimit(spec.keyPrefix),
      points: spec.points,
      duration: spec.duration,
      // Not `ready` (connecting, reconnecting, closed): straight to the insurance limiter,
      // even on a client whose offline queue would otherwise hold the call.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: spec.keyPrefix, points: spec.points, duration: spec.duration }),
    });
}
