import { randomUUID } from 'node:crypto';
import { storageContract } from '@vaultkit/testkit';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { collectionNames, mongooseStorage, syncIndexes } from '../src/index.js';
import { closingWith, MONGODB_URI, unreachableStorage } from './mongo.js';

/**
 * The storage contract on a real MongoDB, in a database of this run's own (indexes synced
 * once, emptied after every test, dropped at the end). The second instance is a second mongoose
 * connection to the same database, as a second server process would have; the unreachable one
 * a connection to a closed loopback port.
 */
describe.skipIf(!MONGODB_URI)('@vaultkit/mongoose on MongoDB (MONGODB_URI)', () => {
  const uri = MONGODB_URI ?? '';
  const dbName = `vaultkit_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const open = () => mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5_000 }).asPromise();
  let connection: Connection;

  beforeAll(async () => {
    connection = await open();
    await syncIndexes(connection);
  });
  afterAll(async () => {
    try {
      await connection?.dropDatabase();
    } finally {
      await connection?.close();
    }
  });

  storageContract('mongoose', () => mongooseStorage(connection), {
    cleanup: async () => {
      await Promise.all(Object.values(collectionNames()).map((name) => connection.collection(name).deleteMany({})));
    },
    makeSecond: async () => {
      const second = await open();
      return closingWith(mongooseStorage(second), second);
    },
    makeUnreachable: () => unreachableStorage(),
  });
});

if (!MONGODB_URI) {
  it.skip('storage contract: mongoose [skipped: MONGODB_URI is not set; no MongoDB server runs on this machine]', () => {});
}
