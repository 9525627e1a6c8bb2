// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { SessionRecord, SessionsRepository } from '@vaultkit/core';
import type { Db } from './db.js';
import { toDate, toDateOrNull } from './internal.js';
import type { Tables } from './tables.js';

/**
 * Sessions in `<prefix>sessions`. Liveness is decided in the query with the `now` core passes
 * (`expires_at > now AND absolute_expires_at > now`); rows that are no longer live stay until
 * `sweep`. `rotate` is a conditional UPDATE (the expected hash is in the WHERE clause), so of
 * any number of concurrent rotations, from any number of processes, exactly one matches a row.
 *
 * @example
 * const sessions = postgresSessions(createDb(pool), tables);
 * await sessions.findById(id, new Date());
 */
export function postgresSessions(db: Db, t: Tables): SessionsRepository {
  // Prepared: a refresh reads the session and rotates it.
  const findStatement = t.statement('session_by_id');
  const rotateStatement = t.statement('session_rotate');
  return {
    async create(session) {
      await db.count(
        `INSERT INTO ${t.sessions} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          session.id, session.userId, session.refreshHash, session.previousHash, session.rotatedAt, session.lastPair,
          session.expiresAt, session.absoluteExpiresAt, session.createdAt, session.userAgent, session.ip,
          session.credentialVersion,
        ],
      );
    },

    async findById(id, now) {
      const [row] = await db.rows<SessionRow>(`SELECT ${COLUMNS} FROM ${t.sessions} WHERE id = $1 AND ${LIVE('$2')}`, [id, now], findStatement);
      return row ? toSession(row) : null;
    },

    async rotate(id, expectedHash, next) {
      // Compare-and-set in one statement: PostgreSQL re-checks the WHERE clause on the latest
      // row version after waiting for a concurrent writer, so a second rotation with the same
      // expected hash finds no row. Liveness is judged at the rotation's own time.
      const updated = await db.count(
        `UPDATE ${t.sessions} SET refresh_hash = $3, previous_hash = $4, rotated_at = $5, last_pair = $6, expires_at = $7
         WHERE id = $1 AND refresh_hash = $2 AND ${LIVE('$5')}`,
        [id, expectedHash, next.refreshHash, next.previousHash, next.rotatedAt, next.lastPair, next.expiresAt],
        rotateStatement,
      );
      return updated === 1;
    },

    async delete(id) {
      return (await db.count(`DELETE FROM ${t.sessions} WHERE id = $1`, [id])) > 0;
    },

    async deleteByUser(userId, exceptId) {
      const rows = await db.rows<{ id: string }>(
        `DELETE FROM ${t.sessions} WHERE user_id = $1 AND ($2::text IS NULL OR id <> $2) RETURNING id`,
        [userId, exceptId ?? null],
      );
      return rows.map((row) => row.id);
    },

    async listByUser(userId, now) {
      const rows = await db.rows<SessionRow>(
        `SELECT ${COLUMNS} FROM ${t.sessions} WHERE user_id = $1 AND ${LIVE('$2')} ORDER BY created_at DESC, id DESC`,
        [userId, now],
      );
      return rows.map(toSession);
    },
  };
}

// --- internal ---

/** The liveness condition at the time in parameter `param`. */
const LIVE = (param: string): string => `expires_at > ${param} AND absolute_expires_at > ${param}`;

const COLUMNS = `id, user_id, refresh_hash, previous_hash, rotated_at, last_pair, expires_at, absolute_expires_at,
  created_at, user_agent, ip, credential_version`;

interface SessionRow {
  id: string;
  user_id: string;
  refresh_hash: string;
  previous_hash: string | null;
  rotated_at: Date | null;
  last_pair: string | null;
  expires_at: Date;
  absolute_expires_at: Date;
  created_at: Date;
  user_agent: string | null;
  ip: string | null;
  credential_version: number;
}

function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    refreshHash: row.refresh_hash,
    previousHash: row.previous_hash,
    rotatedAt: toDateOrNull(row.rotated_at),
    lastPair: row.last_pair,
    expiresAt: toDate(row.expires_at),
    absoluteExpiresAt: toDate(row.absolute_expires_at),
    createdAt: toDate(row.created_at),
    userAgent: row.user_agent,
    ip: row.ip,
    credentialVersion: Number(row.credential_version),
  };
}
