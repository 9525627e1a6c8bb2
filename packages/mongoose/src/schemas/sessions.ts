// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { Schema } from 'mongoose';
import { PURGE_INDEX, SCHEMA_OPTIONS } from './options.js';

/** A session as stored: the `SessionRecord` plus `purgeAt` for the TTL index. */
export interface SessionDoc {
  _id: string;
  userId: string;
  refreshHash: string;
  previousHash: string | null;
  rotatedAt: Date | null;
  lastPair: string | null;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  createdAt: Date;
  userAgent: string | null;
  ip: string | null;
  credentialVersion: number;
  /** The earlier of `expiresAt` and `absoluteExpiresAt`: the session is dead from then on. */
  purgeAt: Date;
}

export const SESSION_INDEXES = {
  /** `listByUser` (newest first, ties by id) and `deleteByUser`. */
  userNewest: 'user_newest',
  purge: PURGE_INDEX,
} as const;

export const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    refreshHash: { type: String, required: true },
    previousHash: { type: String, default: null },
    rotatedAt: { type: Date, default: null },
    lastPair: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    userAgent: { type: String, default: null },
    ip: { type: String, default: null },
    credentialVersion: { type: Number, required: true },
    purgeAt: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

sessionSchema.index({ userId: 1, createdAt: -1, _id: -1 }, { name: SESSION_INDEXES.userNewest });
// Reclaims dead sessions. Liveness never depends on it: every read compares the `now` core
// passes, and MongoDB's TTL monitor only runs about once a minute.
sessionSchema.index({ purgeAt: 1 }, { name: SESSION_INDEXES.purge, expireAfterSeconds: 0 });
