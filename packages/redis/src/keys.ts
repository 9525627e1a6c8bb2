/*
 * @vaultkit/redis: the key layout (documented in docs/redis.md) and how long keys are kept.
 */

/**
 * How long a key outlives its logical deadline. Expiry is decided by comparing the stored
 * deadline with the core's `now`; the key's own TTL only frees memory. It trails the deadline
 * so that app servers whose clocks differ by up to this much still agree: a blacklisted `jti`
 * must not vanish while another instance still thinks its token is unexpired.
 */
export const KEEP_AFTER_DEADLINE_MS = 60_000;

/**
 * The TTL (ms, for `PEXPIRE`/`PX`) of a key whose deadline is `until`, measured from the core's
 * `now`. Relative on purpose: the Redis server's clock never enters, so a server clock (or an
 * injected test clock) that differs from the app's cannot drop keys early.
 */
export function keepMs(until: Date | number, now: Date | number): number {
  const remaining = Math.ceil(Number(until) - Number(now));
  return Math.max(0, remaining) + KEEP_AFTER_DEADLINE_MS;
}

/** The names of every key the hot state writes, all under one prefix. */
export interface Keys {
  /** Hash: one session record. */
  session(id: string): string;
  /** Sorted set: the session ids of a user, scored by `createdAt`. */
  userSessions(userId: string): string;
  /** String: a live session's deadline (ms). */
  liveSession(sid: string): string;
  /** String: a blacklisted access token's deadline (ms). */
  revokedToken(jti: string): string;
  /** Hash: the one OTP record of (purpose, subject). */
  otp(purpose: string, subject: string): string;
  /** Prefix of one rate limiter's counters. */
  rateLimit(keyPrefix: string): string;
}

/** @example keysFor('vaultkit:').session(id) // 'vaultkit:session:<id>' */
export function keysFor(prefix: string): Keys {
  return {
    session: (id) => `${prefix}session:${id}`,
    userSessions: (userId) => `${prefix}user-sessions:${userId}`,
    liveSession: (sid) => `${prefix}live:${sid}`,
    revokedToken: (jti) => `${prefix}revoked:${jti}`,
    otp: (purpose, subject) => `${prefix}otp:${purpose}:${subject}`,
    rateLimit: (keyPrefix) => `${prefix}rl:${keyPrefix}`,
  };
}
