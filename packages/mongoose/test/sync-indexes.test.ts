import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionNames, mongooseStorage, syncIndexes } from '../src/index.js';
import { MONGODB_URI } from './mongo.js';

/**
 * The setup step on a real MongoDB (runs when MONGODB_URI is set; reported skipped otherwise):
 * nothing exists before it, it builds the indexes the schemas define, a second run changes
 * nothing, it drops what the schemas no longer define, and concurrent runs all succeed.
 */
describe.skipIf(!MONGODB_URI)('syncIndexes on MongoDB (MONGODB_URI)', () => {
  const dbName = `vaultkit_sync_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const open = () => mongoose.createConnection(MONGODB_URI ?? '', { dbName, serverSelectionTimeoutMS: 5_000 }).asPromise();
  let connection: Connection;
  const indexesOf = async (name: string) => connection.collection(name).listIndexes().toArray();

  beforeAll(async () => {
    connection = await open();
  });
  afterAll(async () => {
    try {
      await connection?.dropDatabase();
    } finally {
      await connection?.close();
    }
  });

  it('mongooseStorage and its reads create no collection: only syncIndexes does', async () => {
    const storage = mongooseStorage(connection, { collectionPrefix: 'untouched_' });
    await expect(storage.users.findById('nobody')).resolves.toBeNull();
    const names = (await connection.listCollections()).map((c) => c.name);
    expect(names.filter((name) => name.startsWith('untouched_'))).toEqual([]);
  });

  it('builds the unique, partial and TTL indexes; a second run changes nothing', async () => {
    const first = await syncIndexes(connection);
    expect(first.created).toEqual(expect.arrayContaining(['vaultkit_users.email_unique', 'vaultkit_users.username_unique', 'vaultkit_sessions.purge_ttl']));
    expect(first.dropped).toEqual([]);
    const users = await indexesOf(collectionNames().users);
    expect(users.find((i) => i.name === 'email_unique')).toMatchObject({ key: { emailLower: 1 }, unique: true });
    expect(users.find((i) => i.name === 'username_unique')).toMatchObject({ unique: true, partialFilterExpression: { usernameLower: { $type: 'string' } } });
    for (const name of ['sessions', 'revocations', 'otps'] as const) {
      expect((await indexesOf(collectionNames()[name])).find((i) => i.name === 'purge_ttl')).toMatchObject({ key: { purgeAt: 1 }, expireAfterSeconds: 0 });
    }
    await expect(syncIndexes(connection)).resolves.toEqual({ created: [], dropped: [] });
  });

  it('drops an index the schemas do not define; concurrent runs from two connections both succeed', async () => {
    await syncIndexes(connection);
    await connection.collection(collectionNames().assets).createIndex({ title: 1 }, { name: 'stale_title' });
    const second = await open();
    try {
      const results = await Promise.all([syncIndexes(connection), syncIndexes(second)]);
      expect(results.flatMap((r) => r.dropped).filter((name) => name === 'vaultkit_assets.stale_title').length).toBeGreaterThanOrEqual(1);
    } finally {
      await second.close();
    }
    expect((await indexesOf(collectionNames().assets)).map((i) => i.name)).not.toContain('stale_title');
  });
});

if (!MONGODB_URI) {
  it.skip('syncIndexes on MongoDB [skipped: MONGODB_URI is not set; no MongoDB server runs on this machine]', () => {});
}
