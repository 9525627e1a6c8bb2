import type { Page, PageQuery } from '../../ports/storage.js';

/**
 * Runs `sweep` lazily so expired entries do not pile up: after at least `minEvery` writes and
 * at least as many writes as the map holds, which keeps the amortised cost per write O(1)
 * without a timer (nothing to `unref()` or dispose).
 */
export function lazySweeper(sweep: () => void, minEvery = 1024): { wrote(size: number): void } {
  let writes = 0;
  return {
    wrote(size) {
      writes += 1;
      if (writes < minEvery || writes < size) return;
      writes = 0;
      sweep();
    },
  };
}

/** One page of an already sorted list; `page` counts from 1. */
export function paginate<T>(items: readonly T[], query: PageQuery): Page<T> {
  const { page, limit } = query;
  if (!Number.isInteger(page) || page < 1) throw new TypeError('page must be an integer >= 1');
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit must be an integer >= 1');
  const start = (page - 1) * limit;
  return { items: items.slice(start, start + limit), total: items.length };
}

/** Sort comparator: newest first by date, then latest inserted first. */
export function newestFirst<T extends { seq: number }>(at: (item: T) => Date): (a: T, b: T) => number {
  return (a, b) => at(b).getTime() - at(a).getTime() || b.seq - a.seq;
}

/** `true` once `now` has reached `at` (an expiry instant is already past). */
export function isPast(at: Date | number, now: number): boolean {
  return (typeof at === 'number' ? at : at.getTime()) <= now;
}
