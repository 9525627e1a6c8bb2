import { randomUUID } from 'node:crypto';
import type { SessionRecord } from '@vaultkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage, type PostgresStorage } from '../src/index.js';
import { migratedSchema, type TestSchema } from './pg.js';

const MINUTE = 60_000;

/**
 * `sweep(now)` deletes exactly the rows no query can see at `now` any more, in batches, and
 * keeps everything else; expiry never depended on it.
 */
describe('postgresStorage.sweep', () => {
  let db: TestSchema;
  let storage: PostgresStorage;
  const t0 = Date.now();
  const at = (ms: number) => new Date(t0 + ms);

  beforeAll(async () => {
    db = await migratedSchema();
    // A batch of 2 rows: the backlogs below take several statements to drain.
    storage = postgresStorage(db.pool, { schema: db.schema, sweepBatchSize: 2 });
  });
  afterEach(() => db.truncate());
  afterAll(() => db.drop());

  const session = (overrides: Partial<SessionRecord>): SessionRecord => ({
    id: randomUUID(),
    userId: 'user',
    refreshHash: 'h',
    previousHash: null,
    rotatedAt: null,
    lastPair: null,
    expiresAt: at(60 * MINUTE),
    absoluteExpiresAt: at(600 * MINUTE),
    createdAt: at(0),
    userAgent: null,
    ip: null,
    credentialVersion: 0,
    ...overrides,
  });
  const countOf = async (table: string) =>
    Number((await db.pool.query(`SELECT count(*) AS n FROM "${db.schema}"."vaultkit_${table}"`)).rows[0].n);

  it('sweep - deletes sessions past either expiry, keeps live ones', async () => {
    const live = session({});
    const slid = [1, 2, 3].map(() => session({ expiresAt: at(MINUTE) }));
    const capped = session({ expiresAt: at(600 * MINUTE), absoluteExpiresAt: at(MINUTE) });
    for (const s of [live, ...slid, capped]) await storage.sessions.create(s);
    await expect(storage.sweep(at(2 * MINUTE))).resolves.toMatchObject({ sessions: 4 });
    expect(await countOf('sessions')).toBe(1);
    await expect(storage.sessions.findById(live.id, at(2 * MINUTE))).resolves.toMatchObject({ id: live.id });
  });

  it('sweep - deletes expired live marks and blacklisted token ids; isRevoked answers the same before and after', async () => {
    await storage.revocations.allowSession('old', at(MINUTE), at(0));
    await storage.revocations.allowSession('new', at(60 * MINUTE), at(0));
    await storage.revocations.revokeToken('jti-old', at(MINUTE), at(0));
    await storage.revocations.revokeToken('jti-new', at(60 * MINUTE), at(0));
    const now = at(2 * MINUTE);
    const before = await Promise.all([
      storage.revocations.isRevoked({ jti: 'jti-old', sid: 'new' }, now),
      storage.revocations.isRevoked({ jti: 'jti-new', sid: 'new' }, now),
      storage.revocations.isRevoked({ jti: 'x', sid: 'old' }, now),
    ]);
    await expect(storage.sweep(now)).resolves.toMatchObject({ liveSessions: 1, revokedTokens: 1 });
    const after = await Promise.all([
      storage.revocations.isRevoked({ jti: 'jti-old', sid: 'new' }, now),
      storage.revocations.isRevoked({ jti: 'jti-new', sid: 'new' }, now),
      storage.revocations.isRevoked({ jti: 'x', sid: 'old' }, now),
    ]);
    expect(before).toEqual([false, true, true]);
    expect(after).toEqual(before);
  });

  it('sweep - deletes OTP rows past both retention and lock; a lock keeps its row', async () => {
    const base = { purpose: 'login' as const, codeHash: 'c', expiresAt: at(5 * MINUTE), now: at(0) };
    await storage.otps.issue({ ...base, subject: 'retained', retainUntil: at(60 * MINUTE) });
    await storage.otps.issue({ ...base, subject: 'gone', retainUntil: at(MINUTE) });
    await storage.otps.issue({ ...base, subject: 'locked', retainUntil: at(MINUTE) });
    for (let i = 0; i < 2; i++) {
      await storage.otps.attempt({ purpose: 'login', subject: 'locked', codeHash: 'wrong', maxAttempts: 2, lockUntil: at(30 * MINUTE), now: at(0) });
    }
    await expect(storage.sweep(at(10 * MINUTE))).resolves.toMatchObject({ otps: 1 });
    const left = (await db.pool.query(`SELECT subject FROM "${db.schema}"."vaultkit_otps" ORDER BY subject`)).rows.map((r) => r.subject);
    expect(left).toEqual(['locked', 'retained']);
  });

  it('sweep - nothing to do answers zeros', async () => {
    await expect(storage.sweep(at(0))).resolves.toEqual({ sessions: 0, liveSessions: 0, revokedTokens: 0, otps: 0 });
  });
});
