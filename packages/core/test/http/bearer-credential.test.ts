import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerCredential } from '../../src/http/authenticate.js';

/** The rule as it was first written, with a regular expression: the hot path must agree with it exactly. */
function byRegExp(header: string): string | null {
  const match = /^bearer(?:\s+|$)(.*)$/is.exec(header.trim());
  return match ? match[1]! : null;
}

const pieces = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u0085', '\u1680', '\u180e', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', 'a', 'Z', '@', '[', '`', '{', '.', 'token'];
const schemes = ['', 'Bearer', 'bearer', 'BEARER', 'bEaReR', 'Bearer', 'bear', 'Basic'];

/** @see issue 13: the Bearer scheme is read without a regular expression on every request. */
describe('bearerCredential', () => {
  it('finds the credential as the regular-expression rule does, for any header', () => {
    const header = fc.tuple(fc.constantFrom(...schemes), fc.array(fc.constantFrom(...pieces), { maxLength: 10 })).map(([scheme, rest]) => scheme + rest.join(''));
    fc.assert(
      fc.property(fc.oneof(header, fc.string()), (value) => {
        expect(bearerCredential({ authorization: value })).toBe(byRegExp(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the first of repeated headers, and no header as none', () => {
    expect(bearerCredential({ authorization: ['Bearer a', 'Bearer b'] })).toBe('a');
    expect(bearerCredential({})).toBeNull();
    expect(bearerCredential({ authorization: 'Bearer' })).toBe('');
    expect(bearerCredential({ authorization: 'Bearerx' })).toBeNull();
  });
});
