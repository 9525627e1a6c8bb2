import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of two hashes, tags or codes: the time taken must not tell how much of
 * a guess was right. Different lengths (or a missing value) are simply unequal.
 *
 * @example
 * sameText(stored.codeHash, candidateHash) // true only for the same text
 */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
