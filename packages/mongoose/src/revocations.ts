// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { RevocationsRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { findAll } from './internal.js';
import { liveSessionKey, type RevocationDoc, revokedTokenKey } from './schemas/revocations.js';

/**
 * Access-token state in one collection: a positive list of live session ids (`s:<sid>`) and
 * blacklisted token ids (`t:<jti>`), each with its expiry. `isRevoked` is one `find` by `_id`
 * for both keys, judged at the `now` core passes; the TTL index on `purgeAt` deletes entries
 * once past (within about a minute), which never changes an answer.
 *
 * @example
 * const revocations = mongooseRevocations(collectionsOf(vaultkitModels(connection)).revocations);
 */
export function mongooseRevocations(revocations: mongo.Collection<RevocationDoc>): RevocationsRepository {
  return {
    async allowSession(sid, expiresAt) {
      await upsert(revocations, liveSessionKey(sid), { $set: { expiresAt, purgeAt: expiresAt } });
    },

    async revokeSession(sid) {
      await revocations.deleteOne({ _id: liveSessionKey(sid) });
    },

    async revokeToken(jti, expiresAt) {
      // `$max`: a repeated revocation never shortens the blacklisting.
      await upsert(revocations, revokedTokenKey(jti), { $max: { expiresAt, purgeAt: expiresAt } });
    },

    async isRevoked({ jti, sid }, now) {
      const tokenKey = revokedTokenKey(jti);
      const sessionKey = liveSessionKey(sid);
      const found = await findAll(revocations, { _id: { $in: [tokenKey, sessionKey] }, expiresAt: { $gt: now } }, { projection: { _id: 1 } });
      const live = new Set(found.map((doc) => doc._id));
      // Positive check for the session: no live mark (never allowed, revoked, expired or
      // flushed) counts as revoked.
      return live.has(tokenKey) || !live.has(sessionKey);
    },
  };
}

// --- internal ---

/**
 * An upsert by `_id`. Two concurrent upserts of a new key can both try to insert; the server
 * retries the loser as an update (MongoDB 4.2+), and older servers report a duplicate key,
 * which one more try resolves the same way.
 */
async function upsert(collection: mongo.Collection<RevocationDoc>, key: string, update: mongo.UpdateFilter<RevocationDoc>): Promise<void> {
  try {
    await collection.updateOne({ _id: key }, update, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.updateOne({ _id: key }, update, { upsert: true });
  }
}
