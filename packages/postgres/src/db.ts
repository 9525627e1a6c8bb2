// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import { ConflictError, DependencyError, isVaultError } from '@vaultkit/core';
import { type Checkout, checkout, type PgPoolLike } from './pool.js';

/** Maps the name of a violated unique index to the field a `ConflictError` names. */
export type ConflictFields = Readonly<Record<string, string>>;

/** One connection's worth of querying, with errors already translated. */
export interface Queryable {
  /**
   * The rows of one statement. With `name` (`tables.statement(...)`, for the statements on
   * every request), a named statement when the storage prepares them.
   */
  rows<R>(text: string, values?: readonly unknown[], name?: string): Promise<R[]>;
  /** The number of rows one statement touched. */
  count(text: string, values?: readonly unknown[], name?: string): Promise<number>;
}

export interface DbOptions {
  /** Maps a violated unique index to the field its `ConflictError` names. */
  conflicts?: ConflictFields;
  /** Send named statements as such (`false`: every statement unnamed). @default true */
  prepared?: boolean;
}

/** The pool as the repositories see it: every failure arrives as a vaultkit error. */
export interface Db extends Queryable {
  /**
   * Runs `fn` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown, translated).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/**
 * Wraps the pool so that no raw driver error crosses the port (STYLE.md §6): a unique-index
 * clash named in `conflicts` becomes `ConflictError(field)`, anything else (refused connection,
 * timeout, missing table, any server error) `DependencyError('storage')`, with the driver error
 * kept as `cause` for the logs and never in the message (no SQL, host or credentials).
 */
export function createDb(pool: PgPoolLike, options: DbOptions = {}): Db {
  const conflicts = options.conflicts ?? {};
  const prepared = options.prepared ?? true;
  return {
    ...queriesOn(pool, conflicts, prepared),
    async transaction(fn) {
      let held: Checkout;
      try {
        held = await checkout(pool);
      } catch (error) {
        throw translate(error, conflicts);
      }
      let broken = false;
      try {
        await held.client.query('BEGIN');
        const result = await fn(queriesOn(held.client, conflicts, prepared));
        await held.client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await held.client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not hand it back to the pool
        }
        throw translate(error, conflicts);
      } finally {
        held.release(broken);
      }
    },
  };
}

/** `Queryable` over a pool or a checked-out connection: every failure leaves through `translate`. */
export function queriesOn(target: Pick<PgPoolLike, 'query'>, conflicts: ConflictFields = {}, prepared = true): Queryable {
  const run = async (text: string, values: readonly unknown[], name: string | undefined) => {
    try {
      return await (prepared && name !== undefined ? target.query({ name, text, values: [...values] }) : target.query(text, [...values]));
    } catch (error) {
      throw translate(error, conflicts);
    }
  };
  return {
    rows: async <R>(text: string, values: readonly unknown[] = [], name?: string) => (await run(text, values, name)).rows as R[],
    count: async (text: string, values: readonly unknown[] = [], name?: string) => (await run(text, values, name)).rowCount ?? 0,
  };
}

/** The vaultkit error for a driver failure (vaultkit errors pass through unchanged). */
export function translate(error: unknown, conflicts: ConflictFields = {}): Error {
  if (isVaultError(error)) return error;
  const { code, constraint } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; constraint?: unknown };
  if (code === UNIQUE_VIOLATION && typeof constraint === 'string') {
    const field = conflicts[constraint];
    if (field !== undefined) return new ConflictError(field, { cause: error });
  }
  if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA) {
    // The commonest setup mistake gets a cause that says what to do.
    const hint = new Error('vaultkit tables not found: run `await migrate(pool)` from @vaultkit/postgres first', { cause: error });
    return new DependencyError('storage', { cause: hint });
  }
  return new DependencyError('storage', { cause: error });
}

// --- internal ---

const UNIQUE_VIOLATION = '23505';
const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA = '3F000';
