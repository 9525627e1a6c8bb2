import type { Clock } from '../clock.js';
import type { AccessClaims } from './types.js';

/** Already-verified access tokens: skips the signature check, never the revocation check. */
export interface VerifyCache {
  /** The claims of a token verified before and not yet expired, else `undefined`. */
  get(token: string): AccessClaims | undefined;
  /** Remembers a token that just passed the full signature and claims check. */
  set(token: string, claims: AccessClaims): void;
  readonly size: number;
}

interface Entry {
  claims: AccessClaims;
  /** Milliseconds since the epoch from which the token counts as expired. */
  expiresAtMs: number;
}

const DISABLED: VerifyCache = { get: () => undefined, set: () => {}, size: 0 };

/**
 * A bounded first-in-first-out cache (a `Map` keeps insertion order; a hit does not reorder it,
 * which keeps the hit path to one lookup: a hot token evicted early just pays one more
 * signature check) of token → claims, each entry valid until the token's own `exp` (plus the configured clock
 * tolerance, exactly as jsonwebtoken counts it) by the injected clock. `maxEntries: 0` disables it.
 *
 * @example
 * const cache = createVerifyCache({ maxEntries: 10_000, clock, toleranceSeconds: 0 });
 */
export function createVerifyCache(options: { maxEntries: number; clock: Clock; toleranceSeconds: number }): VerifyCache {
  const { maxEntries, clock } = options;
  if (maxEntries <= 0) return DISABLED;
  const toleranceMs = options.toleranceSeconds * 1000;
  const entries = new Map<string, Entry>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (clock.now() < entry.expiresAtMs) return entry.claims;
      entries.delete(token);
      return undefined;
    },
    set(token, claims) {
      entries.delete(token);
      entries.set(token, { claims, expiresAtMs: claims.exp * 1000 + toleranceMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    get size() {
      return entries.size;
    },
  };
}
