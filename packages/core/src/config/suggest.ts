/**
 * Edit distance between two strings (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1), ignoring case. Small and exact: it only
 * ever compares an option name with the few dozen names vaultkit knows.
 *
 * @example
 * editDistance('acessTtl', 'accessTtl'); // 1
 * editDistance('secert', 'secret'); // 1 (a swap)
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // rows[i][j]: distance between the first i characters of s and the first j of t.
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/**
 * The candidate closest to `name`, when it is close enough to be a plausible typo: at most a
 * third of the name's length apart (at least 1), as TypeScript's own "did you mean" does. Ties go
 * to the earlier candidate; `undefined` when nothing is close.
 *
 * @example
 * closestName('acessTtl', ['secret', 'accessTtl', 'refreshTtl']); // 'accessTtl'
 * closestName('colour', ['secret', 'keys']); // undefined
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
