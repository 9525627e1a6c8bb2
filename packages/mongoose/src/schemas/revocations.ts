// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { Schema } from 'mongoose';
import { PURGE_INDEX, SCHEMA_OPTIONS } from './options.js';

/**
 * One entry of the access-token state, in one collection so that `isRevoked` is a single
 * `find` by `_id`: `s:<sid>` marks a live session, `t:<jti>` a revoked token id.
 */
export interface RevocationDoc {
  _id: string;
  /** The entry counts while this is after the `now` of the check. */
  expiresAt: Date;
  /** Equal to `expiresAt`: the TTL index deletes the entry once it has passed. */
  purgeAt: Date;
}

export const REVOCATION_INDEXES = { purge: PURGE_INDEX } as const;

/** `_id` of the live mark of a session. */
export const liveSessionKey = (sid: string): string => `s:${sid}`;
/** `_id` of the blacklisting of an access-token id. */
export const revokedTokenKey = (jti: string): string => `t:${jti}`;

export const revocationSchema = new Schema<RevocationDoc>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    purgeAt: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

revocationSchema.index({ purgeAt: 1 }, { name: REVOCATION_INDEXES.purge, expireAfterSeconds: 0 });
