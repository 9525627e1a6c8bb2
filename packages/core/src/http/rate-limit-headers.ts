import type { LimitState } from '../rate-limit/types.js';

/** Which rate-limit headers limited routes send (`config.rateLimits.headers`). */
export type RateLimitHeaderMode = 'legacy' | 'ietf' | 'both';

/**
 * The rate-limit headers of a limited route's response (errors included): `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining` (after counting this request) and `X-RateLimit-Reset` (Unix seconds);
 * with `ietf`/`both` also `RateLimit-Policy: <limit>;w=<window>` and
 * `RateLimit: limit=<l>, remaining=<r>, reset=<seconds from now>`.
 *
 * @example
 * rateLimitHeaders({ limit: 10, remaining: 9, resetAt, windowSeconds: 900 }, 'legacy')
 */
export function rateLimitHeaders(state: LimitState, mode: RateLimitHeaderMode, now: number = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {};
  const remaining = Math.max(0, state.remaining);
  if (mode === 'legacy' || mode === 'both') {
    headers['X-RateLimit-Limit'] = String(state.limit);
    headers['X-RateLimit-Remaining'] = String(remaining);
    headers['X-RateLimit-Reset'] = String(Math.ceil(state.resetAt / 1000));
  }
  if (mode === 'ietf' || mode === 'both') {
    const reset = Math.max(0, Math.ceil((state.resetAt - now) / 1000));
    headers['RateLimit-Policy'] = `${state.limit};w=${state.windowSeconds}`;
    headers.RateLimit = `limit=${state.limit}, remaining=${remaining}, reset=${reset}`;
  }
  return headers;
}
