// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { Page, PageQuery } from '@vaultkit/core';
import type { mongo } from 'mongoose';

/**
 * A misuse of a repository method (a page below 1, a fractional limit): a `TypeError`, thrown
 * before any query and passed through unchanged, never turned into a `DependencyError`.
 */
export class InvalidQueryError extends TypeError {}

/** `skip` and `limit` of a page; `page` counts from 1 (the same checks as the memory adapter). */
export function pageBounds(query: PageQuery): { skip: number; limit: number } {
  const { page, limit } = query;
  if (!Number.isInteger(page) || page < 1) throw new InvalidQueryError('page must be an integer >= 1');
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidQueryError('limit must be an integer >= 1');
  return { skip: (page - 1) * limit, limit };
}

/** The port's one ordering: newest first, ties by id descending (MongoDB compares strings by bytes). */
export const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const satisfies mongo.Sort;

/**
 * Every document of a query. mongoose's collection hands back a promise of the cursor while it
 * buffers commands (the connection is not open yet) and the cursor itself otherwise: `await`
 * covers both, so a query made during start-up waits like every other one.
 */
export async function findAll<D extends mongo.Document>(
  collection: mongo.Collection<D>,
  filter: mongo.Filter<D>,
  options: mongo.FindOptions = {},
): Promise<Array<mongo.WithId<D>>> {
  const cursor = await collection.find(filter, options);
  return cursor.toArray();
}

/** The result documents of an aggregation (same buffering note as `findAll`). */
export async function aggregateAll<R extends mongo.Document, D extends mongo.Document = mongo.Document>(
  collection: mongo.Collection<D>,
  pipeline: mongo.Document[],
): Promise<R[]> {
  const cursor = await collection.aggregate<R>(pipeline);
  return cursor.toArray();
}

/** What `pageOf` needs: the collection, the filter, the order and how to map a document. */
export interface PageSpec<D extends mongo.Document, T> {
  collection: mongo.Collection<D>;
  filter: mongo.Filter<D>;
  sort: mongo.Sort;
  query: PageQuery;
  map: (doc: mongo.WithId<D>) => T;
}

/**
 * One page and the total, as two queries sent together: the page reads the sort index and
 * stops after `skip + limit` entries, the count reads the filter's index (a `$facet` would sort
 * every match in memory first).
 */
export async function pageOf<D extends mongo.Document, T>(spec: PageSpec<D, T>): Promise<Page<T>> {
  const { skip, limit } = pageBounds(spec.query);
  // Both inside async functions: mongoose's collection may throw synchronously (commands not
  // buffered before the connection opened), which must reject this call, not escape
  // `Promise.all` and leave the other query's rejection unhandled.
  const [docs, total] = await Promise.all([
    findAll(spec.collection, spec.filter, { sort: spec.sort, skip, limit }),
    (async () => spec.collection.countDocuments(spec.filter))(),
  ]);
  return { items: docs.map(spec.map), total };
}

/**
 * `text` as a regular expression that matches it literally: every pattern character (`.`, `*`,
 * `(`, `\`, …) is escaped, so a search for `a.*b` finds that text and nothing else. `%` and
 * `_` mean nothing to a regular expression and stay as they are.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * The case folding of the port: ASCII `A-Z` to `a-z` (core only passes ASCII emails and
 * lower-case usernames), stored beside the value for the unique indexes and lookups.
 */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * A value inside an update pipeline, taken as it is: a string starting with `$` would
 * otherwise be read as a field path (an e-mail subject such as `$x@example.test`).
 */
export function literal(value: unknown): { $literal: unknown } {
  return { $literal: value };
}

/** A `Date` read from a document (a fresh object: the caller's own). */
export function toDate(value: Date): Date {
  return new Date(value.getTime());
}

export function toDateOrNull(value: Date | null | undefined): Date | null {
  return value ? toDate(value) : null;
}
