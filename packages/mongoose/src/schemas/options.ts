// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { Schema, type SchemaOptions } from 'mongoose';

/**
 * Options shared by every vaultkit schema. `autoIndex` and `autoCreate` are off: the factory and
 * the repositories never create collections or indexes (the port's rule); `syncIndexes()` is
 * the setup step. No version key (writes are atomic updates, not document saves) and no `id`
 * virtual (ids are `_id` strings chosen by core).
 */
export const SCHEMA_OPTIONS = {
  autoIndex: false,
  autoCreate: false,
  versionKey: false,
  id: false,
  strict: true,
  timestamps: false,
} as const satisfies SchemaOptions;

/** The TTL index every expiring collection has: MongoDB deletes a document once `purgeAt` has passed. */
export const PURGE_INDEX = 'purge_ttl';

/** `{ publicId, url }` of an avatar or cover, stored as a subdocument without its own `_id`. */
export interface MediaRefDoc {
  publicId: string;
  url: string;
}

export const mediaRefSchema = new Schema<MediaRefDoc>(
  {
    publicId: { type: String, required: true },
    url: { type: String, required: true },
  },
  { _id: false, id: false, versionKey: false, strict: true },
);
