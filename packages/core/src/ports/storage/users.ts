import type { Page, PageQuery } from './page.js';

/* The users repository of the storage port (general rules in ../storage.ts). */

/** A stored media file referenced from a profile (avatar, cover). */
export interface MediaRef {
  publicId: string;
  url: string;
}

/** The profile fields that hold a media file. */
export type MediaSlot = 'avatar' | 'cover';

export interface UserRecord {
  id: string;
  /** As the user typed it (ASCII, at most 254 characters); uniqueness ignores case. */
  email: string;
  /** Lower-case `a-z 0-9 _`, 3-30 characters, unique ignoring case; `null` until chosen (many users may have none). */
  username: string | null;
  passwordHash: string;
  role: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  /** At most 100 characters (any Unicode). */
  name: string | null;
  /** At most 500 characters (any Unicode). */
  bio: string | null;
  avatar: MediaRef | null;
  cover: MediaRef | null;
  banned: boolean;
  /**
   * Bumped (never set) through `users.bumpCredentialVersion` by everything that signs every
   * session of the user out; a session remembers the version it was created under, and one
   * created under an older version is refused. New accounts start at 0.
   */
  credentialVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A partial update. A key that is absent or `undefined` leaves the field as it is; `null` sets
 * it to `null`. `id`, `createdAt` and `credentialVersion` never change through a patch, even
 * when a caller names them (ignore those keys, and any key that is not a `UserRecord` field).
 */
export type UserPatch = Partial<Omit<UserRecord, 'id' | 'createdAt' | 'credentialVersion'>>;

export interface UserListQuery extends PageQuery {
  /**
   * Case-insensitive substring of `email`, `username` or `name`. Matched literally: `%`, `_`,
   * `\`, `.*`, `(` and every other pattern character stand for themselves (escape them for
   * `LIKE`, or `escapeRegExp` them for `$regex`). An empty string matches everyone.
   */
  search?: string;
  /** Exact role. */
  role?: string;
}

/**
 * Accounts. Email unique ignoring case; username unique ignoring case among the users that have
 * one. When one write clashes on both email and username, the `ConflictError` names `email`.
 */
export interface UsersRepository {
  /**
   * Inserts. Throws `ConflictError` whose `field` is `email` or `username` on a clash (ignoring
   * case), `email` when both clash; nothing is written then. Not idempotent.
   */
  create(user: UserRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. The email comes back as stored, not folded. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. */
  findByUsername(username: string): Promise<UserRecord | null>;
  /**
   * The users with these ids, in any order, in one round trip; ids not found are left out and
   * repeated ids give one record; `[]` for `[]`. Used to load the public views of a page of
   * subscribers (at most a page of ids, 100).
   */
  findByIds(ids: readonly string[]): Promise<UserRecord[]>;
  /**
   * Applies the patch (see `UserPatch`) atomically and returns the whole updated record; `null`
   * when not found. On a unique clash throws `ConflictError` (`email` first, as `create`) and
   * changes nothing. `updatedAt` changes only when the patch carries it.
   */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Atomically sets the avatar or cover reference (and `updatedAt` to `at`) and returns the one
   * it replaced, so that of two concurrent replacements each gets a distinct previous reference
   * and exactly one of the new references stays stored (the caller deletes the file of every
   * `previous` it gets, and nothing leaks). `ref: null` clears the slot. `null` when the user is
   * not found. (`UPDATE … RETURNING` the old value through a self-join or `FOR UPDATE`,
   * `findOneAndUpdate` returning the document before.)
   */
  replaceMedia(id: string, slot: MediaSlot, ref: MediaRef | null, at: Date): Promise<{ previous: MediaRef | null } | null>;
  /**
   * Atomic increment of `credentialVersion` (`UPDATE … SET v = v + 1 … RETURNING v`, `$inc`):
   * N concurrent calls raise it by exactly N, each returning its own new value. Returns the new
   * version; `null` when not found. Nothing else changes (not even `updatedAt`).
   */
  bumpCredentialVersion(id: string): Promise<number | null>;
  /** `true` when a user was deleted, `false` when there was none (idempotent); frees the email and username. */
  delete(id: string): Promise<boolean>;
  /** Filters combine with AND; newest first (`createdAt`, ties by id descending), paged. */
  list(query: UserListQuery): Promise<Page<UserRecord>>;
}
