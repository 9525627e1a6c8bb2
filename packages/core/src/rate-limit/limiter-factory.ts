import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterSpec {
  /** Distinct per bucket, e.g. `vk:login`. */
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

/**
 * Builds one rate-limiter-flexible limiter per bucket. The default keeps counters in this
 * process; N processes then give N times the budget, so several instances need a shared store:
 *
 * @example
 * rateLimits: { factory: (spec) => new RateLimiterRedis({ storeClient: redis, ...spec }) }
 */
export type RateLimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export const memoryLimiterFactory: RateLimiterFactory = (spec) => new RateLimiterMemory(spec);
