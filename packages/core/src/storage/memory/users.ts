import { ConflictError } from '../../errors/index.js';
import type { MediaRef, Page, UserListQuery, UserPatch, UserRecord, UsersRepository } from '../../ports/storage.js';
import { newestFirst, paginate } from './internal.js';

/**
 * In-memory users: email and username unique ignoring case (through lower-cased indexes).
 * Every method runs synchronously, so a check and the write that follows it cannot interleave.
 * Lists are newest first, ties by id descending.
 *
 * @example
 * const users = memoryUsers(); await users.create(record);
 */
export function memoryUsers(): UsersRepository {
  const rows = new Map<string, UserRecord>();
  const byEmail = new Map<string, string>();
  const byUsername = new Map<string, string>();

  /** Throws when `email` / `username` belong to another user than `selfId`. */
  const assertUnique = (email: string, username: string | null, selfId: string | null): void => {
    const emailOwner = byEmail.get(email.toLowerCase());
    if (emailOwner !== undefined && emailOwner !== selfId) throw new ConflictError('email');
    if (username === null) return;
    const usernameOwner = byUsername.get(username.toLowerCase());
    if (usernameOwner !== undefined && usernameOwner !== selfId) throw new ConflictError('username');
  };

  const index = (user: UserRecord): void => {
    byEmail.set(user.email.toLowerCase(), user.id);
    if (user.username !== null) byUsername.set(user.username.toLowerCase(), user.id);
  };

  const unindex = (user: UserRecord): void => {
    byEmail.delete(user.email.toLowerCase());
    if (user.username !== null) byUsername.delete(user.username.toLowerCase());
  };

  const found = (id: string | undefined): UserRecord | null => {
    const row = id === undefined ? undefined : rows.get(id);
    return row ? copyUser(row) : null;
  };

  return {
    async create(user) {
      if (rows.has(user.id)) throw new ConflictError('id');
      assertUnique(user.email, user.username, null);
      const stored = copyUser(user);
      rows.set(stored.id, stored);
      index(stored);
    },

    async findById(id) {
      return found(id);
    },

    async findByEmail(email) {
      return found(byEmail.get(email.toLowerCase()));
    },

    async findByUsername(username) {
      return found(byUsername.get(username.toLowerCase()));
    },

    async findByIds(ids) {
      return [...new Set(ids)].flatMap((id) => {
        const row = rows.get(id);
        return row ? [copyUser(row)] : [];
      });
    },

    async update(id, patch) {
      const row = rows.get(id);
      if (!row) return null;
      const next = applyPatch(row, patch);
      assertUnique(next.email, next.username, id);
      unindex(row);
      rows.set(id, next);
      index(next);
      return copyUser(next);
    },

    // eslint-disable-next-line max-params -- the port's signature (UsersRepository.replaceMedia)
    async replaceMedia(id, slot, ref, at) {
      // Read and write in one synchronous step: two replacements each see a distinct previous ref.
      const row = rows.get(id);
      if (!row) return null;
      const previous = copyMedia(row[slot]);
      rows.set(id, { ...row, [slot]: copyMedia(ref), updatedAt: new Date(at) });
      return { previous };
    },

    async bumpCredentialVersion(id) {
      const row = rows.get(id);
      if (!row) return null;
      rows.set(id, { ...row, credentialVersion: row.credentialVersion + 1 });
      return row.credentialVersion + 1;
    },

    async delete(id) {
      const row = rows.get(id);
      if (!row) return false;
      rows.delete(id);
      unindex(row);
      return true;
    },

    async list(query: UserListQuery): Promise<Page<UserRecord>> {
      const search = query.search?.toLowerCase() ?? '';
      // A plain substring test: `%`, `_` and regex characters in `search` match themselves.
      const matches = [...rows.values()].filter((user) => {
        if (query.role !== undefined && user.role !== query.role) return false;
        if (search === '') return true;
        return [user.email, user.username, user.name].some((v) => v !== null && v.toLowerCase().includes(search));
      });
      matches.sort(newestFirst((user) => user.createdAt, (user) => user.id));
      const page = paginate(matches, query);
      return { items: page.items.map(copyUser), total: page.total };
    },
  };
}

// --- internal ---

const IMMUTABLE = new Set(['id', 'createdAt', 'credentialVersion']);

/** A new record with the patch applied; `undefined` values and immutable keys are ignored. */
function applyPatch(user: UserRecord, patch: UserPatch): UserRecord {
  const next: UserRecord = { ...user };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || IMMUTABLE.has(key) || !Object.hasOwn(user, key)) continue;
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return copyUser(next);
}

function copyMedia(ref: MediaRef | null): MediaRef | null {
  return ref ? { publicId: ref.publicId, url: ref.url } : null;
}

/** A deep copy, so callers can never mutate what is stored (and vice versa). */
function copyUser(user: UserRecord): UserRecord {
  return {
    ...user,
    avatar: copyMedia(user.avatar),
    cover: copyMedia(user.cover),
    createdAt: new Date(user.createdAt),
    updatedAt: new Date(user.updatedAt),
  };
}
