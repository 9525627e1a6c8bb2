import { DependencyError } from '@vaultkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage } from '../src/index.js';
import { DATABASE_URL, migratedSchema, type TestSchema } from './pg.js';

/** `dispose` closes only what the adapter opened (STYLE.md §3). */
describe('postgresStorage.dispose', () => {
  let db: TestSchema;
  beforeAll(async () => {
    db = await migratedSchema();
  });
  afterAll(() => db.drop());

  it('dispose - leaves an app pool open', async () => {
    const storage = postgresStorage(db.pool, { schema: db.schema });
    await storage.dispose();
    await storage.dispose();
    await expect(db.pool.query('SELECT 1 AS one').then((r) => r.rows)).resolves.toEqual([{ one: 1 }]);
    await expect(storage.users.findById('nobody')).resolves.toBeNull();
  });

  it('dispose - ends the pool it opened for a connection string; idempotent; later calls are DependencyError', async () => {
    const storage = postgresStorage(DATABASE_URL, { schema: db.schema });
    await expect(storage.users.findById('nobody')).resolves.toBeNull();
    await storage.dispose();
    await expect(storage.dispose()).resolves.toBeUndefined();
    await expect(storage.users.findById('nobody')).rejects.toBeInstanceOf(DependencyError);
    await expect(storage.ping()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('postgresStorage - refuses something that is neither a pool nor a connection string', () => {
    expect(() => postgresStorage({} as never)).toThrow(TypeError);
    expect(() => postgresStorage(db.pool, { sweepBatchSize: 0 })).toThrow(TypeError);
  });
});
