// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { Page, PageQuery } from '@vaultkit/core';
import type { Queryable } from './db.js';

/** LIMIT and OFFSET of a page; `page` counts from 1 (the same checks as the memory adapter). */
export function pageBounds(query: PageQuery): { limit: number; offset: number } {
  const { page, limit } = query;
  if (!Number.isInteger(page) || page < 1) throw new TypeError('page must be an integer >= 1');
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit must be an integer >= 1');
  return { limit, offset: (page - 1) * limit };
}

/** A row of a paged query: the record's columns plus `total` (`count(*) OVER ()`). */
export interface Counted {
  total: string | number;
}

/**
 * One page from a query selecting `count(*) OVER () AS total` beside the columns, so that a page
 * costs one round trip. The window is computed before LIMIT/OFFSET, so every row carries the
 * full count; only a page past the end (no rows) needs `countAll` for the total.
 */
export async function pageOf<R extends Counted, T>(
  rows: R[],
  map: (row: R) => T,
  countAll: () => Promise<number>,
): Promise<Page<T>> {
  const first = rows[0];
  const total = first === undefined ? await countAll() : Number(first.total);
  return { items: rows.map(map), total };
}

/** The count of a `SELECT count(*) AS n …` query. */
export async function countOf(db: Queryable, text: string, values: readonly unknown[]): Promise<number> {
  const [row] = await db.rows<{ n: string | number }>(text, values);
  return Number(row?.n ?? 0);
}

/**
 * An ILIKE pattern matching `text` as a plain substring: `\`, `%` and `_` are escaped, so a
 * search for `50%_off` finds that text and nothing else (the queries say `ESCAPE '\'`).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A `Date` from a timestamptz column. pg parses each value into a new `Date` (so it is the
 * caller's own, no copy needed); a string only arrives when the app changed the type parser.
 */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string);
}

/** A `Date`, or `null` for SQL NULL. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** A number from an int8 / numeric column (pg hands those over as strings to keep precision). */
export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
