// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { SessionRecord, SessionsRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { findAll, literal, NEWEST_FIRST, toDate, toDateOrNull } from './internal.js';
import type { SessionDoc } from './schemas/sessions.js';

/**
 * One document per login. Liveness is judged by the `now` core passes (both expiries after
 * it), never by whether MongoDB's TTL monitor has deleted the document yet. `rotate` is one
 * conditional update whose filter holds the expected hash and the liveness: of any number of
 * concurrent rotations, through any number of connections, the server lets exactly one match.
 *
 * @example
 * const sessions = mongooseSessions(collectionsOf(vaultkitModels(connection)).sessions);
 */
export function mongooseSessions(sessions: mongo.Collection<SessionDoc>): SessionsRepository {
  return {
    async create(session) {
      await sessions.insertOne(toDoc(session));
    },

    async findById(id, now) {
      const doc = await sessions.findOne({ _id: id, ...liveAt(now) });
      return doc ? toSession(doc) : null;
    },

    async rotate(id, expectedHash, next) {
      // A pipeline update, so that `purgeAt` can follow the new sliding expiry while keeping
      // the stored absolute cap (`$min` of the two). Strings go in as `$literal`s.
      const result = await sessions.updateOne({ _id: id, refreshHash: expectedHash, ...liveAt(next.rotatedAt) }, [
        {
          $set: {
            refreshHash: literal(next.refreshHash),
            previousHash: literal(next.previousHash),
            rotatedAt: literal(next.rotatedAt),
            lastPair: literal(next.lastPair),
            expiresAt: literal(next.expiresAt),
            purgeAt: { $min: [literal(next.expiresAt), '$absoluteExpiresAt'] },
          },
        },
      ]);
      return result.matchedCount === 1;
    },

    async delete(id) {
      return (await sessions.deleteOne({ _id: id })).deletedCount === 1;
    },

    async deleteByUser(userId, exceptId) {
      const filter: mongo.Filter<SessionDoc> = exceptId === undefined ? { userId } : { userId, _id: { $ne: exceptId } };
      // MongoDB's deleteMany does not say what it deleted: read the ids, then delete those.
      // A session created in between survives (core bumps the credential version first, so
      // such a login is refused anyway); an id deleted by someone else in between is still
      // reported, which only costs the caller an idempotent revocation.
      const ids = (await findAll(sessions, filter, { projection: { _id: 1 } })).map((doc) => doc._id);
      if (ids.length === 0) return [];
      await sessions.deleteMany({ _id: { $in: ids }, userId });
      return ids;
    },

    async listByUser(userId, now) {
      return (await findAll(sessions, { userId, ...liveAt(now) }, { sort: NEWEST_FIRST })).map(toSession);
    },
  };
}

// --- internal ---

/** A session is live while both expiries are strictly after `now`. */
function liveAt(now: Date): { expiresAt: { $gt: Date }; absoluteExpiresAt: { $gt: Date } } {
  return { expiresAt: { $gt: now }, absoluteExpiresAt: { $gt: now } };
}

function toDoc(session: SessionRecord): SessionDoc {
  return {
    _id: session.id,
    userId: session.userId,
    refreshHash: session.refreshHash,
    previousHash: session.previousHash,
    rotatedAt: session.rotatedAt,
    lastPair: session.lastPair,
    expiresAt: session.expiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    createdAt: session.createdAt,
    userAgent: session.userAgent,
    ip: session.ip,
    credentialVersion: session.credentialVersion,
    purgeAt: new Date(Math.min(session.expiresAt.getTime(), session.absoluteExpiresAt.getTime())),
  };
}

function toSession(doc: SessionDoc): SessionRecord {
  return {
    id: doc._id,
    userId: doc.userId,
    refreshHash: doc.refreshHash,
    previousHash: doc.previousHash ?? null,
    rotatedAt: toDateOrNull(doc.rotatedAt),
    lastPair: doc.lastPair ?? null,
    expiresAt: toDate(doc.expiresAt),
    absoluteExpiresAt: toDate(doc.absoluteExpiresAt),
    createdAt: toDate(doc.createdAt),
    userAgent: doc.userAgent ?? null,
    ip: doc.ip ?? null,
    credentialVersion: Number(doc.credentialVersion),
  };
}
