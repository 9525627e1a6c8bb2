import type { SessionRecord, SessionsRepository } from '../../ports/storage.js';
import { isPast, lazySweeper, newestFirst } from './internal.js';

/**
 * In-memory sessions. A session is live while `now` (given by core) is before both `expiresAt`
 * and `absoluteExpiresAt`; rows that are not live are swept lazily on writes. `rotate` checks
 * and writes in one synchronous step, so under `Promise.all` exactly one caller wins.
 *
 * @example
 * const sessions = memorySessions();
 * await sessions.findById(id, new Date());
 */
export function memorySessions(): SessionsRepository {
  const rows = new Map<string, SessionRecord>();
  const byUser = new Map<string, Set<string>>();

  const isLive = (session: SessionRecord, now: Date | number): boolean =>
    !isPast(session.expiresAt, now) && !isPast(session.absoluteExpiresAt, now);

  const remove = (id: string): SessionRecord | undefined => {
    const row = rows.get(id);
    if (!row) return undefined;
    rows.delete(id);
    const ids = byUser.get(row.userId);
    ids?.delete(id);
    if (ids?.size === 0) byUser.delete(row.userId);
    return row;
  };

  const sweeper = lazySweeper((now) => {
    for (const [id, row] of rows) if (!isLive(row, now)) remove(id);
  });

  /**
   * The stored row when live at `now`. A lapsed row is left for the sweep rather than dropped
   * here: `now` is the caller's, and another call may still pass an earlier one.
   */
  const live = (id: string, now: Date): SessionRecord | undefined => {
    sweeper.seen(now);
    const row = rows.get(id);
    return row && isLive(row, now) ? row : undefined;
  };

  return {
    async create(session) {
      remove(session.id);
      rows.set(session.id, copySession(session));
      let ids = byUser.get(session.userId);
      if (!ids) byUser.set(session.userId, (ids = new Set()));
      ids.add(session.id);
      sweeper.seen(session.createdAt);
      sweeper.wrote(rows.size);
    },

    async findById(id, now) {
      const row = live(id, now);
      return row ? copySession(row) : null;
    },

    async rotate(id, expectedHash, next) {
      // No await before the write: the compare and the set are one synchronous step.
      const row = live(id, next.rotatedAt);
      if (!row || row.refreshHash !== expectedHash) return false;
      rows.set(id, {
        ...row,
        refreshHash: next.refreshHash,
        previousHash: next.previousHash,
        rotatedAt: new Date(next.rotatedAt),
        lastPair: next.lastPair,
        expiresAt: new Date(next.expiresAt),
      });
      return true;
    },

    async delete(id) {
      return remove(id) !== undefined;
    },

    async deleteByUser(userId, exceptId) {
      const deleted: string[] = [];
      for (const id of [...(byUser.get(userId) ?? [])]) {
        if (id !== exceptId && remove(id)) deleted.push(id);
      }
      return deleted;
    },

    async listByUser(userId, now) {
      sweeper.seen(now);
      const found: SessionRecord[] = [];
      for (const id of byUser.get(userId) ?? []) {
        const row = rows.get(id);
        if (row && isLive(row, now)) found.push(row);
      }
      return found.sort(newestFirst((s) => s.createdAt, (s) => s.id)).map(copySession);
    },
  };
}

// --- internal ---

function copySession(session: SessionRecord): SessionRecord {
  return {
    ...session,
    rotatedAt: session.rotatedAt ? new Date(session.rotatedAt) : null,
    expiresAt: new Date(session.expiresAt),
    absoluteExpiresAt: new Date(session.absoluteExpiresAt),
    createdAt: new Date(session.createdAt),
  };
}
