// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import { type Queryable, queriesOn, translate } from './db.js';
import { type Migration, MIGRATIONS } from './migrations.js';
import { type Checkout, checkout, openPool, type PgClientLike, type PgPoolInput } from './pool.js';
import { type PostgresLocationOptions, resolveTables, type Tables } from './tables.js';

/** Where to migrate: the same location options as `postgresStorage`. */
export type MigrateOptions = PostgresLocationOptions;

export interface MigrateResult {
  /** The versions this call applied, in order (`[]` when the schema was already current). */
  applied: number[];
  /** The schema version now in place. */
  version: number;
}

/**
 * Creates or upgrades the adapter's tables and indexes: the setup step of `@vaultkit/postgres`,
 * run once at start-up before `postgresStorage` serves requests. Safe from several processes at
 * once: the whole run holds a PostgreSQL advisory lock (one per schema and prefix), so one
 * process applies the pending migrations while the others wait and then find nothing to do.
 * Each migration runs in its own transaction and is recorded in the `<prefix>migrations` table.
 * Given a connection string, it opens a pool for the run and closes it.
 *
 * @example
 * import pg from 'pg';
 * import { migrate, postgresStorage } from '@vaultkit/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool); // { applied: [1], version: 1 } the first time, { applied: [], ... } after
 * const storage = postgresStorage(pool);
 */
export async function migrate(db: PgPoolInput, options: MigrateOptions = {}): Promise<MigrateResult> {
  const tables = resolveTables(options);
  const { pool, owned } = openPool(db, 'migrate');
  try {
    let held: Checkout;
    try {
      held = await checkout(pool);
    } catch (error) {
      throw translate(error);
    }
    let failed = false;
    try {
      return await locked(held.client, tables);
    } catch (error) {
      failed = true; // the session may still hold the lock or an open transaction: drop it
      throw error;
    } finally {
      held.release(failed);
    }
  } finally {
    if (owned) await pool.end();
  }
}

// --- internal ---

/** Namespace of vaultkit's advisory locks ("vk" in ASCII); the second key is the location. */
const LOCK_CLASS = 0x766b;

async function locked(client: PgClientLike, tables: Tables): Promise<MigrateResult> {
  const q = queriesOn(client);
  const lockArgs = [LOCK_CLASS, `${tables.schema}.${tables.prefix}`];
  const unlock = () => q.rows('SELECT pg_advisory_unlock($1, hashtext($2))', lockArgs);
  await q.rows('SELECT pg_advisory_lock($1, hashtext($2))', lockArgs);
  let result: MigrateResult;
  try {
    result = await pending(client, q, tables);
  } catch (error) {
    // The first error is the one to report; the connection is destroyed anyway, lock included.
    await unlock().catch(() => undefined);
    throw error;
  }
  await unlock();
  return result;
}

/** Applies the migrations not yet recorded, in order (under the lock). */
async function pending(client: PgClientLike, q: Queryable, tables: Tables): Promise<MigrateResult> {
  await ensureSchema(q, tables);
  await q.rows(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await q.rows<{ version: number }>(`SELECT version FROM ${tables.migrations}`);
  const done = new Set(rows.map((row) => Number(row.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await apply(client, migration, tables);
    applied.push(migration.version);
    done.add(migration.version);
  }
  return { applied, version: Math.max(0, ...done) };
}

/**
 * Creates the schema only when it is missing: `CREATE SCHEMA IF NOT EXISTS` checks the CREATE
 * privilege on the database first, which a role that owns only its schema may not have.
 */
async function ensureSchema(q: Queryable, tables: Tables): Promise<void> {
  const found = await q.rows('SELECT 1 FROM pg_namespace WHERE nspname = $1', [tables.schema]);
  if (found.length === 0) await q.rows(`CREATE SCHEMA ${tables.schemaSql}`);
}

async function apply(client: PgClientLike, migration: Migration, tables: Tables): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql(tables));
    await client.query(`INSERT INTO ${tables.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // A setup step run by the operator: the server's own message (in `cause`) is what they need.
    throw new Error(`@vaultkit/postgres: migration ${migration.version} (${migration.name}) failed`, { cause: error });
  }
}
