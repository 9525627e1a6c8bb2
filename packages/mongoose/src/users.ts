// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { ConflictError, type MediaRef, type UserPatch, type UserRecord, type UsersRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { toStorageError } from './errors.js';
import { escapeRegExp, findAll, foldCase, NEWEST_FIRST, pageOf, toDate } from './internal.js';
import type { MediaRefDoc } from './schemas/options.js';
import type { UserDoc } from './schemas/users.js';

/**
 * Accounts. Email and username are unique ignoring case through unique indexes on folded copies
 * (`emailLower`, `usernameLower`), so MongoDB decides every clash, also between processes; the
 * duplicate-key error becomes `ConflictError` by index name. Every write is one single-document
 * operation: `update`, `replaceMedia` (the document before) and `bumpCredentialVersion` (`$inc`)
 * are `findOneAndUpdate`s.
 *
 * @example
 * const users = mongooseUsers(collectionsOf(vaultkitModels(connection)).users);
 */
export function mongooseUsers(users: mongo.Collection<UserDoc>): UsersRepository {
  const one = async (filter: mongo.Filter<UserDoc>): Promise<UserRecord | null> => {
    const doc = await users.findOne(filter);
    return doc ? toUser(doc) : null;
  };

  /**
   * The error for a failed write. MongoDB reports the first unique index it trips, which may be
   * the username's when both clash; the port wants `email` then, so a username clash checks
   * the email too (nothing was written, so this read decides nothing but the field's name).
   */
  const conflictOf = async (error: unknown, input: { id: string; email: string | undefined }): Promise<unknown> => {
    const mapped = toStorageError(error);
    if (!(mapped instanceof ConflictError) || mapped.field !== 'username' || input.email === undefined) return mapped;
    const taken = await users.findOne({ emailLower: foldCase(input.email), _id: { $ne: input.id } }, { projection: { _id: 1 } });
    return taken ? new ConflictError('email', { cause: error }) : mapped;
  };

  return {
    async create(user) {
      try {
        await users.insertOne(toDoc(user));
      } catch (error) {
        throw await conflictOf(error, { id: user.id, email: user.email });
      }
    },

    findById: (id) => one({ _id: id }),
    findByEmail: (email) => one({ emailLower: foldCase(email) }),
    // `$type` repeats the partial index's filter, so the planner may use that index.
    findByUsername: (username) => one({ usernameLower: { $eq: foldCase(username), $type: 'string' } }),

    async findByIds(ids) {
      const distinct = [...new Set(ids)];
      if (distinct.length === 0) return [];
      return (await findAll(users, { _id: { $in: distinct } })).map(toUser);
    },

    async update(id, patch) {
      const set = toSet(patch);
      if (Object.keys(set).length === 0) return one({ _id: id });
      try {
        const doc = await users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
        return doc ? toUser(doc) : null;
      } catch (error) {
        throw await conflictOf(error, { id, email: typeof patch.email === 'string' ? patch.email : undefined });
      }
    },

    // eslint-disable-next-line max-params -- the port's signature (UsersRepository.replaceMedia)
    async replaceMedia(id, slot, ref, at) {
      // The document as it was before this write: of two concurrent replacements, the second
      // sees the first one's reference, so every reference is handed back or stays, once.
      const before = await users.findOneAndUpdate(
        { _id: id },
        { $set: { [slot]: toMediaDoc(ref), updatedAt: at } },
        { returnDocument: 'before', projection: { [slot]: 1 } },
      );
      return before ? { previous: toMedia(before[slot]) } : null;
    },

    async bumpCredentialVersion(id) {
      const after = await users.findOneAndUpdate(
        { _id: id },
        { $inc: { credentialVersion: 1 } },
        { returnDocument: 'after', projection: { credentialVersion: 1 } },
      );
      return after ? Number(after.credentialVersion) : null;
    },

    async delete(id) {
      return (await users.deleteOne({ _id: id })).deletedCount === 1;
    },

    async list(query) {
      const filter: mongo.Filter<UserDoc> = {};
      if (query.role !== undefined) filter.role = query.role;
      if (query.search) {
        const pattern = new RegExp(escapeRegExp(query.search), 'i');
        filter.$or = [{ email: pattern }, { username: pattern }, { name: pattern }];
      }
      return pageOf({ collection: users, filter, sort: NEWEST_FIRST, query, map: toUser });
    },
  };
}

// --- internal ---

/** The fields a patch may set; a whitelist, so `id`, `createdAt`, `credentialVersion` and unknown keys are ignored. */
const PATCHABLE = [
  'email', 'username', 'passwordHash', 'role', 'emailVerified', 'twoFactorEnabled',
  'name', 'bio', 'avatar', 'cover', 'banned', 'updatedAt',
] as const satisfies ReadonlyArray<keyof UserPatch>;

/** The `$set` of a patch: `undefined` leaves a field, `null` clears it; folded copies follow their field. */
function toSet(patch: UserPatch): Partial<UserDoc> {
  const set: Record<string, unknown> = {};
  for (const key of PATCHABLE) {
    // `hasOwn`, so that a patch's prototype never adds a key.
    const value = Object.hasOwn(patch, key) ? patch[key] : undefined;
    if (value === undefined) continue;
    set[key] = key === 'avatar' || key === 'cover' ? toMediaDoc(value as MediaRef | null) : value;
  }
  if (typeof set.email === 'string') set.emailLower = foldCase(set.email);
  if ('username' in set) set.usernameLower = typeof set.username === 'string' ? foldCase(set.username) : null;
  return set as Partial<UserDoc>;
}

function toDoc(user: UserRecord): UserDoc {
  return {
    _id: user.id,
    email: user.email,
    emailLower: foldCase(user.email),
    username: user.username,
    usernameLower: user.username === null ? null : foldCase(user.username),
    passwordHash: user.passwordHash,
    role: user.role,
    emailVerified: user.emailVerified,
    twoFactorEnabled: user.twoFactorEnabled,
    name: user.name,
    bio: user.bio,
    avatar: toMediaDoc(user.avatar),
    cover: toMediaDoc(user.cover),
    banned: user.banned,
    credentialVersion: user.credentialVersion,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** Only the two fields of a reference are stored, whatever else the object carries. */
function toMediaDoc(ref: MediaRef | null): MediaRefDoc | null {
  return ref ? { publicId: ref.publicId, url: ref.url } : null;
}

function toMedia(doc: MediaRefDoc | null | undefined): MediaRef | null {
  return doc ? { publicId: doc.publicId, url: doc.url } : null;
}

function toUser(doc: UserDoc): UserRecord {
  return {
    id: doc._id,
    email: doc.email,
    username: doc.username ?? null,
    passwordHash: doc.passwordHash,
    role: doc.role,
    emailVerified: doc.emailVerified,
    twoFactorEnabled: doc.twoFactorEnabled,
    name: doc.name ?? null,
    bio: doc.bio ?? null,
    avatar: toMedia(doc.avatar),
    cover: toMedia(doc.cover),
    banned: doc.banned,
    credentialVersion: Number(doc.credentialVersion),
    createdAt: toDate(doc.createdAt),
    updatedAt: toDate(doc.updatedAt),
  };
}
