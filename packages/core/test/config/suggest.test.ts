import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/config/suggest.js';

describe('editDistance', () => {
  it('editDistance - counts insertions, deletions, substitutions and neighbour swaps as one each', () => {
    expect(editDistance('accessTtl', 'accessTtl')).toBe(0);
    expect(editDistance('acessTtl', 'accessTtl')).toBe(1); // insertion
    expect(editDistance('accesssTtl', 'accessTtl')).toBe(1); // deletion
    expect(editDistance('accessTtx', 'accessTtl')).toBe(1); // substitution
    expect(editDistance('secert', 'secret')).toBe(1); // swap
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('editDistance - ignores case and is symmetric', () => {
    expect(editDistance('ACCESSTTL', 'accessTtl')).toBe(0);
    expect(editDistance('refreshTtl', 'accessTtl')).toBe(editDistance('accessTtl', 'refreshTtl'));
  });
});

describe('closestName', () => {
  const TOKEN_KEYS = ['secret', 'keys', 'accessTtl', 'refreshTtl', 'refreshAbsoluteTtl', 'reuseGraceSeconds', 'issuer', 'audience'];

  it('closestName - finds the plausible typo', () => {
    expect(closestName('acessTtl', TOKEN_KEYS)).toBe('accessTtl');
    expect(closestName('secert', TOKEN_KEYS)).toBe('secret');
    expect(closestName('refreshTTL', TOKEN_KEYS)).toBe('refreshTtl');
    expect(closestName('logins', ['general', 'register', 'login'])).toBe('login');
  });

  it('closestName - prefers the nearer of two candidates', () => {
    expect(closestName('issuers', ['issuer', 'issues2x'])).toBe('issuer');
  });

  it('closestName - suggests nothing for an unrelated name or a short one two edits away', () => {
    expect(closestName('colour', TOKEN_KEYS)).toBeUndefined();
    expect(closestName('foo', ['otp', 'auth', 'http'])).toBeUndefined();
    expect(closestName('anything', [])).toBeUndefined();
  });
});
