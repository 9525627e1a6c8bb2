import { closedPort } from '@vaultkit/testkit';
import mongoose, { type Connection } from 'mongoose';
import { mongooseStorage, type MongooseStorage, type MongooseStorageOptions } from '../src/index.js';

/**
 * The MongoDB the contract runs on, when there is one. No MongoDB server can run on the
 * development machines (TOOLCHAIN.md, "MongoDB"), so without MONGODB_URI those tests report
 * themselves skipped; nothing stands in for MongoDB.
 */
export const MONGODB_URI = process.env.MONGODB_URI;

/**
 * A real mongoose connection to a closed loopback port, as with a MongoDB that is down: a short
 * server selection timeout, and either no command buffering (calls fail at once) or a short
 * `bufferTimeoutMS` (calls wait, then fail).
 */
export async function unreachableConnection(buffer: { bufferTimeoutMS: number } | false = false): Promise<Connection> {
  const uri = `mongodb://127.0.0.1:${await closedPort()}/vaultkit_unreachable`;
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 300,
    ...(buffer ? { bufferTimeoutMS: buffer.bufferTimeoutMS } : { bufferCommands: false }),
  });
  // The failed initial connection is an `error` event and a rejected `asPromise()`: both
  // expected here, neither may crash the run.
  connection.on('error', () => {});
  connection.asPromise().catch(() => {});
  return connection;
}

/** A storage on an unreachable backend whose `dispose` also closes the connection the test opened. */
export async function unreachableStorage(options: MongooseStorageOptions = {}): Promise<MongooseStorage> {
  const connection = await unreachableConnection();
  return closingWith(mongooseStorage(connection, options), connection);
}

/** `storage` whose `dispose` also closes `connection` (the test's own, so the test closes it). */
export function closingWith(storage: MongooseStorage, connection: Connection): MongooseStorage {
  return {
    ...storage,
    async dispose() {
      await storage.dispose();
      await connection.close();
    },
  };
}
