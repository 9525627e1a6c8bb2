import type { Page, PageQuery } from '../../ports/storage.js';

/**
 * Runs `sweep(now)` lazily so expired entries do not pile up: after at least `minEvery` writes and
 * at least as many writes as the map holds, which keeps the amortised cost per write O(1)
 * without a timer (nothing to `unref()` or dispose). The memory adapters have no clock: `now`
 * is the latest time core has passed them (`seen`), so a sweep never drops an entry that a
 * call with that time would still see.
 */
export function lazySweeper(sweep: (now: number) => void, minEvery = 1024): { seen(now: Date | number): void; wrote(size: number): void } {
  let writes = 0;
  let latest = Number.NEGATIVE_INFINITY;
  return {
    seen(now) {
      const ms = typeof now === 'number' ? now : now.getTime();
      if (ms > latest) latest = ms;
    },
    wrote(size) {
      writes += 1;
      if (writes < minEvery || writes < size || latest === Number.NEGATIVE_INFINITY) return;
      writes = 0;
      sweep(latest);
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

/**
 * Sort comparator of the port's one ordering: newest first by date, ties by id descending
 * (compared as code units, like PostgreSQL's `COLLATE "C"`).
 */
export function newestFirst<T>(at: (item: T) => Date, id: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => at(b).getTime() - at(a).getTime() || byCodeUnits(id(b), id(a));
}

/** `true` once `now` has reached `at` (an expiry instant is already past). */
export function isPast(at: Date | number, now: Date | number): boolean {
  return (typeof at === 'number' ? at : at.getTime()) <= (typeof now === 'number' ? now : now.getTime());
}

// --- internal ---

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
