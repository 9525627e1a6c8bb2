// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { MediaRef, MediaSlot, UserPatch, UserRecord, UsersRepository } from '@vaultkit/core';
import type { Db } from './db.js';
import { containsPattern, countOf, type Counted, pageBounds, pageOf, toDate } from './internal.js';
import type { Tables } from './tables.js';

/**
 * Accounts in `<prefix>users`. Email and username are unique ignoring case through unique
 * indexes on `lower(...)`, so a clash is decided by PostgreSQL (also between processes) and
 * reported by index name as `ConflictError` (the `db` was built with `userConflicts`).
 * Every write is one statement; `replaceMedia` reads the previous reference under a row lock in
 * the same statement that writes the new one.
 *
 * @example
 * const users = postgresUsers(createDb(pool, userConflicts(tables)), tables);
 */
export function postgresUsers(db: Db, t: Tables): UsersRepository {
  // Prepared, one per lookup: `GET /users/me` and every login read a user.
  const one = async (where: string, value: unknown, statement?: string): Promise<UserRecord | null> => {
    const [row] = await db.rows<UserRow>(`SELECT ${COLUMNS} FROM ${t.users} WHERE ${where}`, [value], statement);
    return row ? toUser(row) : null;
  };
  const byId = t.statement('user_by_id');
  const byEmail = t.statement('user_by_email');

  return {
    async create(user) {
      await db.count(
        `INSERT INTO ${t.users} (id, email, username, password_hash, role, email_verified, two_factor_enabled,
           name, bio, avatar, cover, banned, credential_version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14, $15)`,
        [
          user.id, user.email, user.username, user.passwordHash, user.role, user.emailVerified, user.twoFactorEnabled,
          user.name, user.bio, mediaParam(user.avatar), mediaParam(user.cover), user.banned, user.credentialVersion,
          user.createdAt, user.updatedAt,
        ],
      );
    },

    findById: (id) => one('id = $1', id, byId),
    // `lower(...)` on both sides: the comparison the unique index is built on (and uses).
    findByEmail: (email) => one('lower(email) = lower($1)', email, byEmail),
    findByUsername: (username) => one('lower(username) = lower($1)', username),

    async findByIds(ids) {
      const distinct = [...new Set(ids)];
      if (distinct.length === 0) return [];
      const rows = await db.rows<UserRow>(`SELECT ${COLUMNS} FROM ${t.users} WHERE id = ANY($1::text[])`, [distinct]);
      return rows.map(toUser);
    },

    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [id];
      for (const [key, value] of Object.entries(patch)) {
        // Unknown and immutable keys (id, createdAt, credentialVersion) are not in PATCHABLE;
        // `hasOwn`, so that `constructor` or `__proto__` in a patch never name a column.
        const column = Object.hasOwn(PATCHABLE, key) ? PATCHABLE[key as keyof UserPatch] : undefined;
        if (column === undefined || value === undefined) continue;
        values.push(column.jsonb ? mediaParam(value as MediaRef | null) : value);
        sets.push(`${column.name} = $${values.length}${column.jsonb ? '::jsonb' : ''}`);
      }
      if (sets.length === 0) return one('id = $1', id);
      const [row] = await db.rows<UserRow>(`UPDATE ${t.users} SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`, values);
      return row ? toUser(row) : null;
    },

    // eslint-disable-next-line max-params -- the port's signature (UsersRepository.replaceMedia)
    async replaceMedia(id, slot, ref, at) {
      const column = MEDIA_COLUMNS[slot];
      // The sub-select locks the row and reads the reference being replaced; a concurrent
      // replacement waits for the lock and then reads this one's value, so each caller gets a
      // distinct `previous` and exactly one file stays referenced.
      const [row] = await db.rows<{ previous: unknown }>(
        `UPDATE ${t.users} AS u SET ${column} = $2::jsonb, updated_at = $3
         FROM (SELECT id, ${column} AS previous FROM ${t.users} WHERE id = $1 FOR UPDATE) AS old
         WHERE u.id = old.id
         RETURNING old.previous`,
        [id, mediaParam(ref), at],
      );
      return row ? { previous: toMedia(row.previous) } : null;
    },

    async bumpCredentialVersion(id) {
      const [row] = await db.rows<{ v: number }>(
        `UPDATE ${t.users} SET credential_version = credential_version + 1 WHERE id = $1 RETURNING credential_version AS v`,
        [id],
      );
      return row ? Number(row.v) : null;
    },

    async delete(id) {
      return (await db.count(`DELETE FROM ${t.users} WHERE id = $1`, [id])) > 0;
    },

    async list(query) {
      const { limit, offset } = pageBounds(query);
      const search = query.search ? containsPattern(query.search) : null;
      const where = `($1::text IS NULL OR role = $1)
        AND ($2::text IS NULL OR email ILIKE $2 ESCAPE '\\' OR username ILIKE $2 ESCAPE '\\' OR name ILIKE $2 ESCAPE '\\')`;
      const filters = [query.role ?? null, search];
      const rows = await db.rows<UserRow & Counted>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${t.users} WHERE ${where}
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
        [...filters, limit, offset],
      );
      return pageOf(rows, toUser, () => countOf(db, `SELECT count(*) AS n FROM ${t.users} WHERE ${where}`, filters));
    },
  };
}

/** Unique index name → the field a `ConflictError` names (checked in this order on insert). */
export function userConflicts(t: Tables): Record<string, string> {
  return {
    [`${t.prefix}users_pkey`]: 'id',
    [`${t.prefix}users_email_key`]: 'email',
    [`${t.prefix}users_username_key`]: 'username',
  };
}

// --- internal ---

const COLUMNS = `id, email, username, password_hash, role, email_verified, two_factor_enabled, name, bio,
  avatar, cover, banned, credential_version, created_at, updated_at`;

interface UserRow {
  id: string;
  email: string;
  username: string | null;
  password_hash: string;
  role: string;
  email_verified: boolean;
  two_factor_enabled: boolean;
  name: string | null;
  bio: string | null;
  avatar: unknown;
  cover: unknown;
  banned: boolean;
  credential_version: number;
  created_at: Date;
  updated_at: Date;
}

const MEDIA_COLUMNS: Record<MediaSlot, string> = { avatar: 'avatar', cover: 'cover' };

/** Patch key → column; a whitelist, so no key of a patch ever reaches SQL text. */
const PATCHABLE: Partial<Record<keyof UserPatch, { name: string; jsonb?: true }>> = {
  email: { name: 'email' },
  username: { name: 'username' },
  passwordHash: { name: 'password_hash' },
  role: { name: 'role' },
  emailVerified: { name: 'email_verified' },
  twoFactorEnabled: { name: 'two_factor_enabled' },
  name: { name: 'name' },
  bio: { name: 'bio' },
  avatar: { name: 'avatar', jsonb: true },
  cover: { name: 'cover', jsonb: true },
  banned: { name: 'banned' },
  updatedAt: { name: 'updated_at' },
};

/** Only the two fields of a reference are stored, whatever else the object carries. */
function mediaParam(ref: MediaRef | null): string | null {
  return ref ? JSON.stringify({ publicId: ref.publicId, url: ref.url }) : null;
}

function toMedia(value: unknown): MediaRef | null {
  if (value === null || value === undefined) return null;
  const ref = (typeof value === 'string' ? JSON.parse(value) : value) as MediaRef;
  return { publicId: ref.publicId, url: ref.url };
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    role: row.role,
    emailVerified: row.email_verified,
    twoFactorEnabled: row.two_factor_enabled,
    name: row.name,
    bio: row.bio,
    avatar: toMedia(row.avatar),
    cover: toMedia(row.cover),
    banned: row.banned,
    credentialVersion: Number(row.credential_version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
