/*
 * @vaultkit/redis: the sessions repository.
 *
 * Adapters import only @vaultkit/core's public entry points, never its files.
 */
import type { SessionRecord, SessionsRepository } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { guard } from './errors.js';
import { KEEP_AFTER_DEADLINE_MS, keepMs, type Keys } from './keys.js';
import { createSession, deleteSession, deleteUserSessions, listUserSessions, rotateSession } from './session-scripts.js';

/**
 * Sessions in Redis: a hash per session and a sorted set per user, written together by Lua
 * scripts. Liveness is judged against the core's `now` (`expiresAt` and `absoluteExpiresAt`);
 * each hash also gets a TTL so it vanishes on its own a minute after its deadline. `rotate` is
 * a compare-and-set in one script: of any number of concurrent callers, on any number of
 * instances, exactly one wins.
 *
 * @example
 * const sessions = redisSessions(redis, keysFor('vaultkit:'));
 */
export function redisSessions(client: Redis, keys: Keys): SessionsRepository {
  const sessionPrefix = keys.session('');
  const indexPrefix = keys.userSessions('');

  return {
    create: (session) =>
      guard(async () => {
        const keep = keepMs(earliest(session.expiresAt, session.absoluteExpiresAt), session.createdAt);
        await createSession.run(
          client,
          [keys.session(session.id), keys.userSessions(session.userId)],
          [session.id, session.createdAt.getTime(), keep, indexPrefix, ...toFields(session)],
        );
      }),

    findById: (id, now) =>
      guard(async () => {
        const row = await client.hgetall(keys.session(id));
        const session = fromHash(row);
        return session && isLive(session, now) ? session : null;
      }),

    rotate: (id, expectedHash, next) =>
      guard(async () => {
        const applied = await rotateSession.run(
          client,
          [keys.session(id)],
          [
            expectedHash,
            next.rotatedAt.getTime(),
            indexPrefix,
            KEEP_AFTER_DEADLINE_MS,
            next.refreshHash,
            next.previousHash,
            next.lastPair,
            next.expiresAt.getTime(),
          ],
        );
        return applied === 1;
      }),

    delete: (id) => guard(async () => (await deleteSession.run(client, [keys.session(id)], [id, indexPrefix])) === 1),

    deleteByUser: (userId, exceptId) =>
      guard(async () => (await deleteUserSessions.run(client, [keys.userSessions(userId)], [sessionPrefix, exceptId ?? ''])) as string[]),

    listByUser: (userId, now) =>
      guard(async () => {
        const rows = (await listUserSessions.run(client, [keys.userSessions(userId)], [sessionPrefix])) as string[][];
        return rows
          .map((flat) => fromHash(pairs(flat)))
          .filter((s): s is SessionRecord => s !== null && isLive(s, now))
          .sort(newestFirst);
      }),
  };
}

// --- internal ---

/** The port's one ordering: newest `createdAt` first, ties by id descending in code units. */
function newestFirst(a: SessionRecord, b: SessionRecord): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function isLive(session: SessionRecord, now: Date): boolean {
  return session.expiresAt.getTime() > now.getTime() && session.absoluteExpiresAt.getTime() > now.getTime();
}

/** The hash of a session: dates as ms, `null` as an absent field (so `''` stays `''`). */
function toFields(session: SessionRecord): string[] {
  const fields: Array<[string, string | number | null]> = [
    ['id', session.id],
    ['userId', session.userId],
    ['refreshHash', session.refreshHash],
    ['previousHash', session.previousHash],
    ['rotatedAt', session.rotatedAt?.getTime() ?? null],
    ['lastPair', session.lastPair],
    ['expiresAt', session.expiresAt.getTime()],
    ['absoluteExpiresAt', session.absoluteExpiresAt.getTime()],
    ['createdAt', session.createdAt.getTime()],
    ['userAgent', session.userAgent],
    ['ip', session.ip],
    ['credentialVersion', session.credentialVersion],
  ];
  return fields.flatMap(([name, value]) => (value === null ? [] : [name, String(value)]));
}

function fromHash(row: Record<string, string>): SessionRecord | null {
  if (row.id === undefined) return null;
  const date = (name: string) => new Date(Number(row[name]));
  return {
    id: row.id,
    userId: row.userId ?? '',
    refreshHash: row.refreshHash ?? '',
    previousHash: row.previousHash ?? null,
    rotatedAt: row.rotatedAt === undefined ? null : date('rotatedAt'),
    lastPair: row.lastPair ?? null,
    expiresAt: date('expiresAt'),
    absoluteExpiresAt: date('absoluteExpiresAt'),
    createdAt: date('createdAt'),
    userAgent: row.userAgent ?? null,
    ip: row.ip ?? null,
    credentialVersion: Number(row.credentialVersion ?? 0),
  };
}

/** An HGETALL reply given as a flat list (from a script) as a record. */
function pairs(flat: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) row[flat[i]!] = flat[i + 1]!;
  return row;
}
