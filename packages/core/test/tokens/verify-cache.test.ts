import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import type { AccessClaims } from '../../src/tokens/types.js';
import { createVerifyCache } from '../../src/tokens/verify-cache.js';

const start = Date.UTC(2026, 0, 1);
const claims = (exp: number, jti = 'j'): AccessClaims => ({
  sub: 'u',
  sid: 's',
  jti,
  role: 'user',
  typ: 'access',
  iat: start / 1000,
  exp,
  iss: 'vaultkit',
  aud: 'vaultkit',
});

describe('verify cache', () => {
  it('keeps claims until exp by the injected clock', () => {
    const clock = manualClock(start);
    const cache = createVerifyCache({ maxEntries: 10, clock, toleranceSeconds: 0 });
    const c = claims(start / 1000 + 60);
    cache.set('t', c);
    clock.advance(59_999);
    expect(cache.get('t')).toBe(c);
    clock.advance(1);
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('a clock tolerance extends the entry exactly as far as verification would', () => {
    const clock = manualClock(start);
    const cache = createVerifyCache({ maxEntries: 10, clock, toleranceSeconds: 5 });
    cache.set('t', claims(start / 1000 + 60));
    clock.advance(64_999);
    expect(cache.get('t')).toBeDefined();
    clock.advance(1);
    expect(cache.get('t')).toBeUndefined();
  });

  it('is bounded and evicts the oldest entry first', () => {
    const clock = manualClock(start);
    const cache = createVerifyCache({ maxEntries: 2, clock, toleranceSeconds: 0 });
    const exp = start / 1000 + 600;
    cache.set('a', claims(exp, 'a'));
    cache.set('b', claims(exp, 'b'));
    expect(cache.get('a')?.jti).toBe('a'); // a hit does not reorder (one lookup on the hot path)
    cache.set('c', claims(exp, 'c'));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.jti).toBe('b');
    expect(cache.get('c')?.jti).toBe('c');
  });

  /** @see issue 13: entries are keyed by a mix of the token's tail; a hit still needs the whole token. */
  it('a token that only shares the tail of a cached one is a miss, and replaces it when set', () => {
    const clock = manualClock(start);
    const cache = createVerifyCache({ maxEntries: 10, clock, toleranceSeconds: 0 });
    const tail = 's'.repeat(43);
    const c = claims(start / 1000 + 600, 'a');
    cache.set(`header.payloadA.${tail}`, c);
    expect(cache.get(`header.payloadA.${tail}`)).toBe(c);
    expect(cache.get(`header.payloadB.${tail}`)).toBeUndefined();
    cache.set(`header.payloadB.${tail}`, claims(start / 1000 + 600, 'b'));
    expect(cache.get(`header.payloadB.${tail}`)?.jti).toBe('b');
    expect(cache.get(`header.payloadA.${tail}`)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('size 0 disables it', () => {
    const cache = createVerifyCache({ maxEntries: 0, clock: manualClock(start), toleranceSeconds: 0 });
    cache.set('t', claims(start / 1000 + 60));
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
