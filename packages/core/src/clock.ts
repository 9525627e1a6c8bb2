/** Where vaultkit reads the time. Inject one in tests to make expiry deterministic. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told: for tests of OTP expiry, token `exp` and the reuse grace.
 *
 * @example
 * const clock = manualClock(); const vault = createVault({ clock, ... }); clock.advance(5 * 60_000);
 */
export function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}

/** The clock `manualClock()` returns: `now()` plus `advance(ms)` and `set(ms)`. */
export type ManualClock = ReturnType<typeof manualClock>;
