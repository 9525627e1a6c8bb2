// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { Storage } from '@vaultkit/core';
import { postgresAssets } from './assets.js';
import { createDb } from './db.js';
import { postgresOtps } from './otps.js';
import { openPool, type PgPoolInput } from './pool.js';
import { postgresRevocations } from './revocations.js';
import { postgresSessions } from './sessions.js';
import { postgresSubscriptions } from './subscriptions.js';
import { type SweepResult, sweepExpired } from './sweep.js';
import { type PostgresLocationOptions, resolveTables } from './tables.js';
import { postgresUsers, userConflicts } from './users.js';

export interface PostgresStorageOptions extends PostgresLocationOptions {
  /**
   * Rows deleted per statement by `sweep`, so that sweeping a large backlog holds its locks
   * only briefly.
   * @default 5000
   */
  sweepBatchSize?: number;
  /**
   * Send the statements of every request (the revocation check, session and user reads, the
   * refresh rotation) as named prepared statements: PostgreSQL parses and plans each once per
   * connection instead of on every call. Set `false` behind PgBouncer in *transaction* mode
   * older than 1.21, which cannot follow prepared statements across its server connections.
   * @default true
   */
  preparedStatements?: boolean;
}

/** The storage plus what only PostgreSQL needs: `sweep`, and `ping`/`dispose` always present. */
export interface PostgresStorage extends Storage {
  /** `SELECT 1`; throws `DependencyError` when the database does not answer (for `/ready`). */
  ping(): Promise<void>;
  /** Ends the pool when the adapter opened it (given a connection string); an app's pool stays open. */
  dispose(): Promise<void>;
  /**
   * Deletes expired sessions, live marks, blacklisted token ids and OTP rows. Expiry does not
   * depend on it (every query filters by the `now` core passes); it keeps the tables small.
   * Run it every 15 minutes or so from one or every instance (it is idempotent).
   * @param now The time expiry is judged at. @default new Date()
   */
  sweep(now?: Date): Promise<SweepResult>;
}

const ADAPTER_NAME = '@vaultkit/postgres';

/**
 * The whole vaultkit storage on PostgreSQL through `pg`: accounts, sessions, revocations, OTPs,
 * assets and subscriptions in tables that `migrate()` creates (run it once at start-up, first).
 * Pass the app's `pg.Pool` (it stays the app's: `dispose` leaves it open) or a connection
 * string (the adapter then opens a pool and `dispose` ends it). Atomic operations are single
 * conditional statements or row-locking transactions, so they hold across processes; a
 * unique clash is a `ConflictError` and any database failure a `DependencyError` (503).
 *
 * @example
 * import pg from 'pg';
 * import { createVault } from '@vaultkit/core';
 * import { migrate, postgresStorage } from '@vaultkit/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const storage = postgresStorage(pool);
 * const vault = createVault({ storage, tokens: { secret: process.env.JWT_SECRET! } });
 * setInterval(() => storage.sweep().catch(() => {}), 15 * 60_000).unref();
 */
export function postgresStorage(db: PgPoolInput, options: PostgresStorageOptions = {}): PostgresStorage {
  const tables = resolveTables(options);
  const batchSize = options.sweepBatchSize ?? 5_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError(`${ADAPTER_NAME}: sweepBatchSize must be an integer >= 1`);
  const { pool, owned } = openPool(db, ADAPTER_NAME);
  const queries = createDb(pool, { conflicts: userConflicts(tables), prepared: options.preparedStatements ?? true });
  let ended: Promise<void> | undefined;

  return {
    users: postgresUsers(queries, tables),
    sessions: postgresSessions(queries, tables),
    revocations: postgresRevocations(queries, tables),
    otps: postgresOtps(queries, tables),
    assets: postgresAssets(queries, tables),
    subscriptions: postgresSubscriptions(queries, tables),

    async ping() {
      await queries.rows('SELECT 1');
    },

    async dispose() {
      // Idempotent: pg throws when `end()` is called twice.
      if (owned) await (ended ??= pool.end());
    },

    sweep: (now = new Date()) => sweepExpired(queries, tables, { now, batchSize }),
  };
}
