// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { Connection, Model, mongo, Schema } from 'mongoose';
import { type AssetDoc, assetSchema } from './schemas/assets.js';
import { type OtpDoc, otpSchema } from './schemas/otps.js';
import { type RevocationDoc, revocationSchema } from './schemas/revocations.js';
import { type SessionDoc, sessionSchema } from './schemas/sessions.js';
import { type SubscriptionDoc, subscriptionSchema } from './schemas/subscriptions.js';
import { type UserDoc, userSchema } from './schemas/users.js';

export interface CollectionOptions {
  /**
   * Put in front of every collection name (`vaultkit_users`, `vaultkit_sessions`, …), so the
   * collections sit beside the app's own. Letters, digits, `_`, `-` and `.`; pass the same one
   * to `mongooseStorage` and `syncIndexes`.
   * @default "vaultkit_"
   */
  collectionPrefix?: string;
}

/** The six collections' names for a prefix. */
export interface CollectionNames {
  users: string;
  sessions: string;
  revocations: string;
  otps: string;
  assets: string;
  subscriptions: string;
}

/** The compiled models, one per collection, on one connection. */
export interface VaultkitModels {
  users: Model<UserDoc>;
  sessions: Model<SessionDoc>;
  revocations: Model<RevocationDoc>;
  otps: Model<OtpDoc>;
  assets: Model<AssetDoc>;
  subscriptions: Model<SubscriptionDoc>;
}

/** The driver collections behind the models (mongoose keeps buffering and reconnecting them). */
export interface VaultkitCollections {
  users: mongo.Collection<UserDoc>;
  sessions: mongo.Collection<SessionDoc>;
  revocations: mongo.Collection<RevocationDoc>;
  otps: mongo.Collection<OtpDoc>;
  assets: mongo.Collection<AssetDoc>;
  subscriptions: mongo.Collection<SubscriptionDoc>;
}

/**
 * The names of vaultkit's collections for these options (for backups, monitoring or a test's
 * cleanup).
 *
 * @example
 * collectionNames(); // { users: 'vaultkit_users', sessions: 'vaultkit_sessions', … }
 */
export function collectionNames(options: CollectionOptions = {}): CollectionNames {
  const prefix = options.collectionPrefix ?? 'vaultkit_';
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_.-]*$/.test(prefix) || prefix.startsWith('system.')) {
    throw new TypeError('@vaultkit/mongoose: collectionPrefix must be letters, digits, "_", "-" or "." (and not start with "system.")');
  }
  return {
    users: `${prefix}users`,
    sessions: `${prefix}sessions`,
    revocations: `${prefix}revocations`,
    otps: `${prefix}otps`,
    assets: `${prefix}assets`,
    subscriptions: `${prefix}subscriptions`,
  };
}

/**
 * Compiles vaultkit's schemas into models on the app's connection, named after their
 * collections (a second call with the same prefix reuses them). Compiling creates nothing in
 * MongoDB: the schemas have `autoIndex` and `autoCreate` off.
 */
export function vaultkitModels(connection: Connection, options: CollectionOptions = {}): VaultkitModels {
  if (typeof connection !== 'object' || connection === null || typeof connection.model !== 'function') {
    throw new TypeError('@vaultkit/mongoose: expected a mongoose Connection (mongoose.createConnection(uri) or mongoose.connection)');
  }
  const names = collectionNames(options);
  return {
    users: modelOn(connection, names.users, userSchema),
    sessions: modelOn(connection, names.sessions, sessionSchema),
    revocations: modelOn(connection, names.revocations, revocationSchema),
    otps: modelOn(connection, names.otps, otpSchema),
    assets: modelOn(connection, names.assets, assetSchema),
    subscriptions: modelOn(connection, names.subscriptions, subscriptionSchema),
  };
}

/** The driver collection of each model. */
export function collectionsOf(models: VaultkitModels): VaultkitCollections {
  // mongoose's Collection extends the driver's; the casts give each one its document type.
  return {
    users: models.users.collection as unknown as mongo.Collection<UserDoc>,
    sessions: models.sessions.collection as unknown as mongo.Collection<SessionDoc>,
    revocations: models.revocations.collection as unknown as mongo.Collection<RevocationDoc>,
    otps: models.otps.collection as unknown as mongo.Collection<OtpDoc>,
    assets: models.assets.collection as unknown as mongo.Collection<AssetDoc>,
    subscriptions: models.subscriptions.collection as unknown as mongo.Collection<SubscriptionDoc>,
  };
}

// --- internal ---

function modelOn<D>(connection: Connection, name: string, schema: Schema<D>): Model<D> {
  const existing = connection.models[name] as Model<D> | undefined;
  if (existing) {
    if (existing.collection.collectionName !== name) {
      throw new TypeError(`@vaultkit/mongoose: the connection already has a model named "${name}" on another collection`);
    }
    return existing;
  }
  return connection.model<D>(name, schema, name);
}
