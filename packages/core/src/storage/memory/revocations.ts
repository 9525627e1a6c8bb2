import type { Clock } from '../../clock.js';
import type { RevocationsRepository } from '../../ports/storage.js';
import { isPast, lazySweeper } from './internal.js';

/**
 * In-memory access-token state: a positive list of live session ids and a blacklist of token
 * ids, each entry with its own expiry (read through `clock`, swept lazily on writes).
 *
 * @example
 * const revocations = memoryRevocations(systemClock);
 * await revocations.allowSession(sid, expiresAt);
 * await revocations.isRevoked({ jti, sid }); // false
 */
export function memoryRevocations(clock: Clock): RevocationsRepository {
  /** Session id → end of its live mark (ms since the epoch). */
  const liveSessions = new Map<string, number>();
  /** Token id → end of its blacklisting (ms since the epoch). */
  const revokedTokens = new Map<string, number>();

  const sweepOf = (entries: Map<string, number>) =>
    lazySweeper(() => {
      const now = clock.now();
      for (const [key, until] of entries) if (isPast(until, now)) entries.delete(key);
    });
  const sessionSweeper = sweepOf(liveSessions);
  const tokenSweeper = sweepOf(revokedTokens);

  /** `true` while `key` has an entry that has not expired; drops an expired one. */
  const holds = (entries: Map<string, number>, key: string, now: number): boolean => {
    const until = entries.get(key);
    if (until === undefined) return false;
    if (!isPast(until, now)) return true;
    entries.delete(key);
    return false;
  };

  return {
    async allowSession(sid, expiresAt) {
      liveSessions.set(sid, expiresAt.getTime());
      sessionSweeper.wrote(liveSessions.size);
    },

    async revokeSession(sid) {
      liveSessions.delete(sid);
    },

    async revokeToken(jti, expiresAt) {
      // Idempotent: a second call never shortens an existing blacklisting.
      const until = Math.max(expiresAt.getTime(), revokedTokens.get(jti) ?? 0);
      revokedTokens.set(jti, until);
      tokenSweeper.wrote(revokedTokens.size);
    },

    async isRevoked({ jti, sid }) {
      const now = clock.now();
      // Positive check for the session: an unknown (or flushed) sid counts as revoked.
      return holds(revokedTokens, jti, now) || !holds(liveSessions, sid, now);
    },
  };
}
