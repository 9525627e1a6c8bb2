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
  /** The whole token: a hit needs the very same text, not just the same key. */
  token: string;
  claims: AccessClaims;
  /** Milliseconds since the epoch from which the token counts as expired. */
  expiresAtMs: number;
}

const DISABLED: VerifyCache = { get: () => undefined, set: () => {}, size: 0 };

/**
 * The map key of a token: a small integer mixed from its last 16 characters (the end of the
 * signature). Hashing the whole token (300+ characters, a new string on every request) cost more
 * than the rest of the lookup, and even slicing its tail allocates. The entry holds the whole
 * token and a hit requires it to be identical, so two tokens with the same key only ever cost a
 * signature check (the later one replaces the earlier), never a wrong answer.
 */
const KEY_CHARS = 16;
function keyOf(token: string): number {
  let key = token.length;
  for (let i = Math.max(0, token.length - KEY_CHARS); i < token.length; i += 1) key = (Math.imul(key, 31) + token.charCodeAt(i)) & 0x3fffffff;
  return key;
}

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
  const entries = new Map<number, Entry>();
  return {
    get(token) {
      // Garbage (a non-string from untyped callers) is the signature check's to refuse.
      if (typeof token !== 'string') return undefined;
      const key = keyOf(token);
      const entry = entries.get(key);
      if (entry === undefined || entry.token !== token) return undefined;
      if (clock.now() < entry.expiresAtMs) return entry.claims;
      entries.delete(key);
      return undefined;
    },
    set(token, claims) {
      const key = keyOf(token);
      entries.delete(key);
      entries.set(key, { token, claims, expiresAtMs: claims.exp * 1000 + toleranceMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as number);
    },
    get size() {
      return entries.size;
    },
  };
}
