import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, postgresStorage } from '../src/index.js';
import { migratedSchema, newPool, randomSchema, type TestSchema } from './pg.js';

/** The prepared statements of the pool's one connection (pg_prepared_statements is per session). */
async function preparedNames(pool: TestSchema['pool']): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name');
  return rows.map((row) => row.name);
}

/** @see issue 12 (protected route on PostgreSQL: the per-request statements are planned once per connection) */
describe('postgresStorage prepared statements', () => {
  let db: TestSchema;
  let second: string;
  const pool = newPool(1); // one connection: what it prepared is visible to the next query
  const now = new Date();

  beforeAll(async () => {
    db = await migratedSchema();
    second = randomSchema();
    await migrate(pool, { schema: second });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${second}" CASCADE`);
    await pool.end();
    await db.drop();
  });

  it('sends the revocation check, session and user reads and the rotation as named statements, one set per location', async () => {
    const first = postgresStorage(pool, { schema: db.schema });
    const other = postgresStorage(pool, { schema: second });
    const sid = randomUUID();
    await first.revocations.allowSession(sid, new Date(now.getTime() + 60_000), now);
    // Twice: the second call reuses the statement the first one prepared.
    for (let i = 0; i < 2; i += 1) expect(await first.revocations.isRevoked({ jti: 'j', sid }, now)).toBe(false);
    expect(await first.users.findById('nobody')).toBeNull();
    expect(await first.users.findByEmail('Nobody@Example.com')).toBeNull();
    expect(await first.sessions.findById(sid, now)).toBeNull();
    expect(await first.sessions.rotate(sid, 'h', { refreshHash: 'x', previousHash: 'h', rotatedAt: now, lastPair: 'p', expiresAt: now })).toBe(false);
    // The same statements in another schema on the same connection: other names, other text.
    expect(await other.revocations.isRevoked({ jti: 'j', sid }, now)).toBe(true);

    const names = await preparedNames(pool);
    const ours = names.filter((name) => name.startsWith('vk_'));
    expect(ours).toHaveLength(6);
    for (const key of ['is_revoked', 'user_by_id', 'user_by_email', 'session_by_id', 'session_rotate']) {
      expect(ours.filter((name) => name.endsWith(`_${key}`)).length).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(ours.filter((name) => name.endsWith('_is_revoked')).map((name) => name.split('_')[1])).size).toBe(2);
  });

  it('plans the batched revocation check once: after five executions of several batch sizes, the generic plan is used', async () => {
    const storage = postgresStorage(pool, { schema: db.schema });
    const sid = randomUUID();
    await storage.revocations.allowSession(sid, new Date(now.getTime() + 60_000), now);
    for (let round = 1; round <= 8; round += 1) {
      // `round` checks made at once: one statement with an array of that many (batchLookups).
      const answers = await Promise.all(Array.from({ length: round }, (_, i) => storage.revocations.isRevoked({ jti: `j${i}`, sid }, now)));
      expect(answers).toEqual(Array.from({ length: round }, () => false));
    }
    const { rows } = await pool.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'vk\\_%\\_is\\_revoked' AND statement LIKE $1`,
      [`%"${db.schema}"%`],
    );
    expect(rows).toHaveLength(1);
    // PostgreSQL tries five custom plans first; after that it must settle on the generic one.
    expect(Number(rows[0]!.generic_plans)).toBeGreaterThan(0);
  });

  it('prepares nothing with preparedStatements: false (PgBouncer in transaction mode)', async () => {
    const plain = newPool(1);
    try {
      const storage = postgresStorage(plain, { schema: db.schema, preparedStatements: false });
      expect(await storage.revocations.isRevoked({ jti: 'j', sid: randomUUID() }, now)).toBe(true);
      expect(await storage.users.findById('nobody')).toBeNull();
      expect(await preparedNames(plain)).toEqual([]);
    } finally {
      await plain.end();
    }
  });
});
