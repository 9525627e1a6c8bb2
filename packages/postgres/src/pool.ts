// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import pg from 'pg';

/** What a query answers (the part of pg's `QueryResult` the adapter reads). */
export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

/**
 * A named statement: pg prepares it once per connection (PostgreSQL parses and plans it once),
 * then sends only its name and values.
 */
export interface PgNamedQuery {
  name: string;
  text: string;
  values: unknown[];
}

/** A checked-out connection: pg's `PoolClient`, or anything shaped like it. */
export interface PgClientLike {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  query(named: PgNamedQuery): Promise<PgResult>;
  /** `release(true)` destroys the connection instead of returning it to the pool. */
  release(destroy?: boolean | Error): void;
  /** pg's clients are event emitters: `error` when the connection drops. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The pool the adapter runs on: a `pg.Pool` (what it is written and tested for), or a
 * pg-compatible pool. Typed structurally so the package's types do not need `@types/pg`.
 */
export interface PgPoolLike {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  query(named: PgNamedQuery): Promise<PgResult>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

/** The app's pool, or a connection string the adapter opens (and later closes) a pool for. */
export type PgPoolInput = PgPoolLike | string;

/** A pool and whether the adapter opened it (then it is the one to close it). */
export interface OwnedPool {
  pool: PgPoolLike;
  owned: boolean;
}

/**
 * Uses the app's pool as it is, or opens one for a connection string. An opened pool gets a
 * connect timeout (pg's default waits forever, so a black-holed host would hang every request
 * instead of answering 503) and an `error` listener: pg emits `error` when an idle connection
 * dies (a database restart), and an unlistened `error` event would crash the process.
 */
export function openPool(input: PgPoolInput, what: string): OwnedPool {
  if (typeof input === 'string') {
    const pool = new pg.Pool({ connectionString: input, connectionTimeoutMillis: 5_000 });
    pool.on('error', () => {
      // The broken connection is already dropped from the pool; the next query reconnects.
    });
    return { pool, owned: true };
  }
  if (typeof input !== 'object' || input === null || typeof input.query !== 'function' || typeof input.connect !== 'function') {
    throw new TypeError(`${what}: expected a pg Pool or a connection string`);
  }
  return { pool: input, owned: false };
}

/** A checked-out connection, watched for drops until it is released. */
export interface Checkout {
  client: PgClientLike;
  /** Hands it back, or destroys it when it broke or `destroy` is set. */
  release(destroy?: boolean): void;
}

/**
 * Checks a connection out of the pool for a multi-statement unit (a transaction, a migration
 * run). While checked out, pg-pool no longer listens to the client's `error` event, and an
 * unlistened `error` (the server closing the connection mid-transaction, as a restart does)
 * would crash the process: this listens for it and destroys such a connection on release.
 */
export async function checkout(pool: PgPoolLike): Promise<Checkout> {
  const client = await pool.connect();
  let dropped = false;
  const onError = () => {
    dropped = true;
  };
  client.on?.('error', onError);
  return {
    client,
    release(destroy = false) {
      client.removeListener?.('error', onError);
      client.release(destroy || dropped);
    },
  };
}
