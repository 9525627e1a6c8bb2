import type { Clock } from '../../clock.js';
import type { SessionRecord, SessionsRepository } from '../../ports/storage.js';
import { isPast, lazySweeper, newestFirst } from './internal.js';

interface Row {
  session: SessionRecord;
  seq: number;
}

/**
 * In-memory sessions. A session past `expiresAt` or `absoluteExpiresAt` (by `clock`) reads as
 * absent; expired rows are swept lazily on writes. `rotate` checks and writes in one synchronous
 * step, so under `Promise.all` exactly one caller wins.
 *
 * @example
 * const sessions = memorySessions(systemClock);
 */
export function memorySessions(clock: Clock): SessionsRepository {
  const rows = new Map<string, Row>();
  const byUser = new Map<string, Set<string>>();
  let seq = 0;

  const isLive = (session: SessionRecord, now: number): boolean =>
    !isPast(session.expiresAt, now) && !isPast(session.absoluteExpiresAt, now);

  const remove = (id: string): Row | undefined => {
    const row = rows.get(id);
    if (!row) return undefined;
    rows.delete(id);
    const ids = byUser.get(row.session.userId);
    ids?.delete(id);
    if (ids?.size === 0) byUser.delete(row.session.userId);
    return row;
  };

  /** The stored row when live; an expired one is dropped on the way. */
  const live = (id: string): Row | undefined => {
    const row = rows.get(id);
    if (!row) return undefined;
    if (isLive(row.session, clock.now())) return row;
    remove(id);
    return undefined;
  };

  const sweeper = lazySweeper(() => {
    const now = clock.now();
    for (const [id, row] of rows) if (!isLive(row.session, now)) remove(id);
  });

  return {
    async create(session) {
      remove(session.id);
      rows.set(session.id, { session: copySession(session), seq: seq++ });
      let ids = byUser.get(session.userId);
      if (!ids) byUser.set(session.userId, (ids = new Set()));
      ids.add(session.id);
      sweeper.wrote(rows.size);
    },

    async findById(id) {
      const row = live(id);
      return row ? copySession(row.session) : null;
    },

    async rotate(id, expectedHash, next) {
      // No await before the write: the compare and the set are one synchronous step.
      const row = live(id);
      if (!row || row.session.refreshHash !== expectedHash) return false;
      row.session = {
        ...row.session,
        refreshHash: next.refreshHash,
        previousHash: next.previousHash,
        rotatedAt: new Date(next.rotatedAt),
        lastPair: next.lastPair,
        expiresAt: new Date(next.expiresAt),
      };
      return true;
    },

    async delete(id) {
      const existed = live(id) !== undefined;
      remove(id);
      return existed;
    },

    async deleteByUser(userId, exceptId) {
      const now = clock.now();
      const deleted: string[] = [];
      for (const id of [...(byUser.get(userId) ?? [])]) {
        if (id === exceptId) continue;
        const row = remove(id);
        if (row && isLive(row.session, now)) deleted.push(id);
      }
      return deleted;
    },

    async listByUser(userId) {
      const now = clock.now();
      const found: Row[] = [];
      for (const id of byUser.get(userId) ?? []) {
        const row = rows.get(id);
        if (row && isLive(row.session, now)) found.push(row);
      }
      return found.sort(newestFirst((row) => row.session.createdAt)).map((row) => copySession(row.session));
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
