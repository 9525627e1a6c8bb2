import type pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, postgresStorage } from '../src/index.js';
import { DATABASE_URL, newPool, randomSchema } from './pg.js';

/** Every table and index the first migration creates, by name (prefix `vaultkit_`). */
const TABLES = ['assets', 'live_sessions', 'migrations', 'otps', 'revoked_tokens', 'sessions', 'subscriptions', 'users'].map((t) => `vaultkit_${t}`);

describe('migrate', () => {
  const admin = newPool(2);
  const schemas: string[] = [];
  const pools: pg.Pool[] = [];
  const schema = () => {
    const name = randomSchema();
    schemas.push(name);
    return name;
  };

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });
  afterAll(async () => {
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  });

  const tablesIn = async (name: string) =>
    (await admin.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [name])).rows.map(
      (r) => r.tablename,
    );
  const versionsIn = async (name: string, prefix = 'vaultkit_') =>
    (await admin.query<{ version: number }>(`SELECT version FROM "${name}"."${prefix}migrations" ORDER BY version`)).rows.map((r) => r.version);

  it('migrate - creates the schema, every table and the migrations record; a second run applies nothing', async () => {
    const name = schema();
    await expect(migrate(DATABASE_URL, { schema: name })).resolves.toEqual({ applied: [1], version: 1 });
    expect(await tablesIn(name)).toEqual(TABLES);
    expect(await versionsIn(name)).toEqual([1]);
    await expect(migrate(DATABASE_URL, { schema: name })).resolves.toEqual({ applied: [], version: 1 });
    expect(await versionsIn(name)).toEqual([1]);
  });

  it('migrate - 5 processes at once (5 pools): one applies, the others wait and find nothing to do', async () => {
    const name = schema();
    const many = Array.from({ length: 5 }, () => newPool(1));
    pools.push(...many);
    const results = await Promise.all(many.map((pool) => migrate(pool, { schema: name })));
    expect(results.filter((r) => r.applied.length > 0)).toEqual([{ applied: [1], version: 1 }]);
    expect(results.every((r) => r.version === 1)).toBe(true);
    expect(await versionsIn(name)).toEqual([1]);
    expect(await tablesIn(name)).toEqual(TABLES);
    // The storage works on the result, and the app's pools are still open.
    const storage = postgresStorage(many[0]!, { schema: name });
    await expect(storage.ping()).resolves.toBeUndefined();
    await expect(storage.subscriptions.subscribe('a', 'b', new Date())).resolves.toBe(true);
  });

  it('migrate - the advisory lock is released: another run on the same pool connection goes through', async () => {
    const name = schema();
    const single = newPool(1);
    pools.push(single);
    await migrate(single, { schema: name });
    // A lock left held by the connection back in `single` would block a run from another pool.
    const other = newPool(1);
    pools.push(other);
    await expect(migrate(other, { schema: name })).resolves.toEqual({ applied: [], version: 1 });
    // Two-key advisory locks show the keys as classid and objid (an oid: the int4 hash, unsigned).
    const held = await admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1
         AND objid::bigint = (hashtext($2)::bigint + 4294967296) % 4294967296`,
      [0x766b, `${name}.vaultkit_`],
    );
    expect(held.rows[0].n).toBe(0);
  });

  it('migrate - a table prefix puts a separate set of tables in the same schema', async () => {
    const name = schema();
    await migrate(DATABASE_URL, { schema: name });
    await expect(migrate(DATABASE_URL, { schema: name, tablePrefix: 'auth_' })).resolves.toEqual({ applied: [1], version: 1 });
    expect(await versionsIn(name, 'auth_')).toEqual([1]);
    expect(await tablesIn(name)).toContain('auth_users');
    const a = postgresStorage(DATABASE_URL, { schema: name });
    const b = postgresStorage(DATABASE_URL, { schema: name, tablePrefix: 'auth_' });
    try {
      await a.subscriptions.subscribe('x', 'y', new Date());
      await expect(b.subscriptions.isSubscribed('x', 'y')).resolves.toBe(false);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it('migrate - a failing migration is rolled back whole, names itself, and releases the lock', async () => {
    const name = schema();
    await admin.query(`CREATE SCHEMA "${name}"`);
    await admin.query(`CREATE TABLE "${name}"."vaultkit_assets" (id int)`); // in the way of migration 1
    const error = await migrate(DATABASE_URL, { schema: name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('@vaultkit/postgres: migration 1 (initial tables) failed');
    expect((error as Error).cause).toMatchObject({ code: '42P07' }); // duplicate_table, from PostgreSQL
    // Nothing of migration 1 stayed (its users table came before the clash), nothing recorded.
    expect(await tablesIn(name)).toEqual(['vaultkit_assets', 'vaultkit_migrations']);
    expect(await versionsIn(name)).toEqual([]);
    await admin.query(`DROP TABLE "${name}"."vaultkit_assets"`);
    await expect(migrate(DATABASE_URL, { schema: name })).resolves.toEqual({ applied: [1], version: 1 });
  });

  it('migrate - refuses a schema or prefix that is not a plain identifier (no SQL through options)', async () => {
    await expect(migrate(DATABASE_URL, { schema: 'x"; DROP TABLE users; --' })).rejects.toThrow(TypeError);
    await expect(migrate(DATABASE_URL, { tablePrefix: 'a b' })).rejects.toThrow(TypeError);
    expect(() => postgresStorage(DATABASE_URL, { schema: '1abc' })).toThrow(TypeError);
  });
});
