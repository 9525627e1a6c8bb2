// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { DependencyError } from '@vaultkit/core';
import type { Connection, Model } from 'mongoose';
import { type CollectionOptions, vaultkitModels } from './models.js';

/** What `syncIndexes` changed, as `<collection>.<index>` names (both empty on a second run). */
export interface SyncIndexesResult {
  created: string[];
  dropped: string[];
}

/**
 * The setup step: creates vaultkit's collections and makes their indexes match the schemas
 * (the unique email and username indexes, the TTL indexes on `purgeAt`, one index per list
 * order), dropping indexes of those collections that the schemas no longer define. Run it once
 * at deploy or start-up, before serving; the storage itself never creates anything. Safe from
 * several processes at once: index creation is idempotent, and a run that loses a race with
 * another (an index dropped or created under it) tries again.
 *
 * A unique index cannot be built over existing duplicates (say two accounts whose emails differ
 * only in case, imported from elsewhere): the error names the collection; fix the data and run
 * it again. Any failure is a `DependencyError` with the cause chain.
 *
 * @example
 * import mongoose from 'mongoose';
 * import { syncIndexes } from '@vaultkit/mongoose';
 *
 * const connection = await mongoose.createConnection(process.env.MONGODB_URI!).asPromise();
 * const { created, dropped } = await syncIndexes(connection);
 */
export async function syncIndexes(connection: Connection, options: CollectionOptions = {}): Promise<SyncIndexesResult> {
  const models = Object.values(vaultkitModels(connection, options)) as Array<Model<unknown>>;
  const result: SyncIndexesResult = { created: [], dropped: [] };
  for (const model of models) {
    const name = model.collection.collectionName;
    const { created, dropped } = await syncOne(model, name);
    result.created.push(...created.map((index) => `${name}.${index}`));
    result.dropped.push(...dropped.map((index) => `${name}.${index}`));
  }
  return result;
}

// --- internal ---

const ATTEMPTS = 3;

/**
 * Server errors of a lost race with another process syncing at the same time (IndexNotFound,
 * IndexAlreadyExists, IndexOptionsConflict, IndexKeySpecsConflict, IndexBuildAborted): worth
 * another pass. Anything else (duplicates under a unique index, an unreachable server) is not.
 */
const RACE_CODES = new Set([27, 68, 85, 86, 276]);

async function syncOne(model: Model<unknown>, name: string): Promise<{ created: string[]; dropped: string[] }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    try {
      // An existing collection is fine (mongoose ignores NamespaceExists).
      await model.createCollection();
      const diff = await model.diffIndexes({ indexOptionsToCreate: true });
      const dropped = await model.syncIndexes();
      const created = (diff.toCreate as Array<[unknown, { name?: string } | undefined]>).map(([, options]) => options?.name ?? '(unnamed)');
      return { created, dropped };
    } catch (error) {
      lastError = error;
      // Another process dropped or built the same index in between: the next pass finds it done.
      if (!RACE_CODES.has(Number((error as { code?: unknown } | null)?.code))) break;
    }
  }
  throw new DependencyError('storage', { cause: new Error(`@vaultkit/mongoose: could not sync the indexes of "${name}"`, { cause: lastError }) });
}
