// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
export { mongooseStorage, type MongooseStorage, type MongooseStorageOptions } from './mongoose-storage.js';
export { syncIndexes, type SyncIndexesResult } from './sync-indexes.js';
export { collectionNames, type CollectionNames, type CollectionOptions } from './models.js';
