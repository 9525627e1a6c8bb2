import type { RevocationsRepository } from '../../ports/storage.js';
import { isPast, lazySweeper } from './internal.js';

/**
 * In-memory access-token state: a positive list of live session ids and a blacklist of token
 * ids, each entry with its own expiry, judged against the `now` core passes to `isRevoked`
 * (and swept lazily on writes with the latest `now` seen).
 *
 * @example
 * const revocations = memoryRevocations();
 * await revocations.allowSession(sid, expiresAt, new Date());
 * await revocations.isRevoked({ jti, sid }, new Date()); // false
 */
export function memoryRevocations(): RevocationsRepository {
  /** Session id → end of its live mark (ms since the epoch). */
  const liveSessions = new Map<string, number>();
  /** Token id → end of its blacklisting (ms since the epoch). */
  const revokedTokens = new Map<string, number>();
  let latest = Number.NEGATIVE_INFINITY;
  const see = (ms: number) => {
    if (ms > latest) latest = ms;
  };

  const sweepOf = (entries: Map<string, number>) => {
    const sweeper = lazySweeper((now) => {
      for (const [key, until] of entries) if (isPast(until, now)) entries.delete(key);
    });
    return { wrote: (size: number) => (sweeper.seen(latest), sweeper.wrote(size)) };
  };
  const sessionSweeper = sweepOf(liveSessions);
  const tokenSweeper = sweepOf(revokedTokens);

  /** `true` while `key` has an entry that has not expired at `now` (expired ones are left to the sweep). */
  const holds = (entries: Map<string, number>, key: string, now: number): boolean => {
    const until = entries.get(key);
    return until !== undefined && !isPast(until, now);
  };

  return {
    async allowSession(sid, expiresAt, now) {
      see(now.getTime());
      liveSessions.set(sid, expiresAt.getTime());
      sessionSweeper.wrote(liveSessions.size);
    },

    async revokeSession(sid) {
      liveSessions.delete(sid);
    },

    async revokeToken(jti, expiresAt, now) {
      see(now.getTime());
      // Idempotent: a second call never shortens an existing blacklisting.
      const until = Math.max(expiresAt.getTime(), revokedTokens.get(jti) ?? 0);
      revokedTokens.set(jti, until);
      tokenSweeper.wrote(revokedTokens.size);
    },

    async isRevoked({ jti, sid }, now) {
      // Hot path (every authenticated request): the time is read once, as a number.
      const ms = now.getTime();
      see(ms);
      // Positive check for the session: an unknown (or flushed) sid counts as revoked.
      return holds(revokedTokens, jti, ms) || !holds(liveSessions, sid, ms);
    },
  };
}
