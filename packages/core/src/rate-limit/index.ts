export { createRateLimits } from './create-rate-limits.js';
export { getClientAddress, rateLimitKey, UNKNOWN_CLIENT } from './client-key.js';
export { memoryLimiterFactory, type LimiterSpec, type RateLimiterFactory } from './limiter-factory.js';
export type { LimitState, LoginAttempt, RateLimits } from './types.js';
