/*
 * @vaultkit/redis: hot state for vaultkit on Redis (ioredis): sessions, revocations, OTPs and
 * the rate-limit store, wired in one place.
 *
 * Adapters import only @vaultkit/core's public entry points (`@vaultkit/core`), never its
 * files; this package implements three repositories of the `Storage` port and a
 * `RateLimiterFactory`, and takes the app's ioredis client.
 */
import type { OtpsRepository, RateLimiterFactory, RevocationsRepository, SessionsRepository } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { guard } from './errors.js';
import { keysFor } from './keys.js';
import { redisOtps } from './otps.js';
import { redisLimiterFactory } from './rate-limits.js';
import { redisRevocations } from './revocations.js';
import { redisSessions } from './sessions.js';

export interface RedisHotStateOptions {
  /**
   * Prepended to every key (sessions, revocations, OTPs and rate-limit counters), so one Redis
   * can serve several apps or test runs. Keys never collide across different prefixes.
   * @default "vaultkit:"
   */
  prefix?: string;
}

/**
 * What `redisHotState` returns: a storage part with `sessions`, `revocations` and `otps` for
 * `composeStorage`, plus the rate-limiter factory for `rateLimits.factory`.
 */
export interface RedisHotState {
  sessions: SessionsRepository;
  revocations: RevocationsRepository;
  otps: OtpsRepository;
  rateLimits: {
    /** For `createVault({ rateLimits: { factory } })`: Redis limiters with a memory insurance limiter. */
    factory: RateLimiterFactory;
  };
  /** Resolves when Redis answers `PING`; throws `DependencyError` otherwise (for `/ready`). */
  ping(): Promise<void>;
  /** Closes nothing: the client is the app's (`await redis.quit()` at shutdown). */
  dispose(): Promise<void>;
}

const ADAPTER_NAME = '@vaultkit/redis';

/**
 * Sessions, revocations, OTPs and rate limits on the app's ioredis client, returned together
 * so Redis is wired in one place. Compose it over the storage that keeps users, assets and
 * subscriptions (later parts win per repository). Every Redis error reaches the core as a
 * `DependencyError` (503): revocation checks fail closed, rate limits fall back to a
 * per-process memory limiter.
 *
 * Give the client `enableOfflineQueue: false` and a small `maxRetriesPerRequest`, so calls fail
 * at once while Redis is down instead of waiting in a queue; connect it before serving.
 *
 * @example
 * import Redis from 'ioredis';
 * import { composeStorage, createVault, memoryStorage } from '@vaultkit/core';
 * import { redisHotState } from '@vaultkit/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * await redis.connect();
 * const hot = redisHotState(redis);
 * const vault = createVault({
 *   tokens: { secret },
 *   storage: composeStorage(memoryStorage(), hot),
 *   rateLimits: { factory: hot.rateLimits.factory },
 * });
 */
export function redisHotState(client: Redis, options: RedisHotStateOptions = {}): RedisHotState {
  if (!isRedisClient(client)) {
    throw new TypeError(`${ADAPTER_NAME}: redisHotState(client) needs an ioredis client (new Redis(url)); Redis Cluster is not supported`);
  }
  const prefix = options.prefix ?? 'vaultkit:';
  if (typeof prefix !== 'string') throw new TypeError(`${ADAPTER_NAME}: options.prefix must be a string`);
  const keys = keysFor(prefix);

  return {
    sessions: redisSessions(client, keys),
    revocations: redisRevocations(client, keys),
    otps: redisOtps(client, keys),
    rateLimits: { factory: redisLimiterFactory(client, keys) },
    ping: () =>
      guard(async () => {
        await client.ping();
      }),
    async dispose() {
      // The client belongs to the app, which closes it; nothing was opened here.
    },
  };
}

// --- internal ---

function isRedisClient(value: unknown): value is Redis {
  const candidate = value as Partial<Redis> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalsha === 'function' &&
    typeof candidate.hgetall === 'function' &&
    !('nodes' in candidate && typeof candidate.nodes === 'function')
  );
}
