// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { Storage } from '@vaultkit/core';
import type { Connection } from 'mongoose';
import { mongooseAssets } from './assets.js';
import { guardAll, toStorageError } from './errors.js';
import { type CollectionOptions, collectionsOf, vaultkitModels } from './models.js';
import { mongooseOtps } from './otps.js';
import { mongooseRevocations } from './revocations.js';
import { mongooseSessions } from './sessions.js';
import { mongooseSubscriptions } from './subscriptions.js';
import { mongooseUsers } from './users.js';

/** Options of `mongooseStorage` (pass the same `collectionPrefix` to `syncIndexes`). */
export interface MongooseStorageOptions extends CollectionOptions {}

/** The storage, with `ping` and `dispose` always present. */
export interface MongooseStorage extends Storage {
  /** An admin `ping` to the server; `DependencyError` when it does not answer or the connection is not open (for `/ready`). */
  ping(): Promise<void>;
  /** Closes nothing: the connection is the app's (`await connection.close()` at shutdown). Idempotent. */
  dispose(): Promise<void>;
}

const ADAPTER_NAME = '@vaultkit/mongoose';

/**
 * The whole vaultkit storage on MongoDB through the app's mongoose connection: accounts,
 * sessions, revocations, OTPs, assets and subscriptions in six collections (prefixed
 * `vaultkit_`) whose indexes `syncIndexes(connection)` creates (run it once at deploy or
 * start-up, first). Atomic operations are single-document conditional updates, so they hold
 * across processes; a taken email or username is a `ConflictError`, any MongoDB or mongoose
 * failure a `DependencyError` (503).
 *
 * Queries go to the driver collections behind the models (`Model.collection`): mongoose still
 * buffers them until the connection is open and reconnects them, but no casting, middleware or
 * global plugin of the app can change what is read or written.
 *
 * @example
 * import mongoose from 'mongoose';
 * import { createVault } from '@vaultkit/core';
 * import { mongooseStorage, syncIndexes } from '@vaultkit/mongoose';
 *
 * const connection = await mongoose.createConnection(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000 }).asPromise();
 * await syncIndexes(connection);
 * const vault = createVault({ storage: mongooseStorage(connection), tokens: { secret: process.env.JWT_SECRET! } });
 */
export function mongooseStorage(connection: Connection, options: MongooseStorageOptions = {}): MongooseStorage {
  const collections = collectionsOf(vaultkitModels(connection, options));

  return {
    users: guardAll(mongooseUsers(collections.users)),
    sessions: guardAll(mongooseSessions(collections.sessions)),
    revocations: guardAll(mongooseRevocations(collections.revocations)),
    otps: guardAll(mongooseOtps(collections.otps)),
    assets: guardAll(mongooseAssets(collections.assets)),
    subscriptions: guardAll(mongooseSubscriptions(collections.subscriptions)),

    async ping() {
      try {
        // `db` is set once the connection has opened; before that the app is not ready.
        const db = connection.db;
        if (!db) throw new Error(`${ADAPTER_NAME}: the mongoose connection is not open (readyState ${connection.readyState})`);
        await db.admin().ping();
      } catch (error) {
        throw toStorageError(error);
      }
    },

    async dispose() {
      // The adapter opened nothing: the connection and its client stay the app's.
    },
  };
}
