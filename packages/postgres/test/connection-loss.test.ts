import { randomUUID } from 'node:crypto';
import { DependencyError } from '@vaultkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStorage, type PostgresStorage } from '../src/index.js';
import { DATABASE_URL, migratedSchema, type TestSchema } from './pg.js';

/**
 * What a database restart does to a running app, without stopping the shared server: the
 * adapter's own connections are terminated server-side (`pg_terminate_backend`, as a shutdown
 * does). A query in flight fails with `DependencyError`, the dropped idle connections do not
 * crash the process (the pool's `error` event has a listener), and the next call reconnects.
 */
describe('postgresStorage when the server drops its connections', () => {
  let db: TestSchema;
  let storage: PostgresStorage;
  const appName = `vk_test_${randomUUID().slice(0, 8)}`;

  const terminateOurs = () =>
    db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);

  beforeAll(async () => {
    db = await migratedSchema();
    const url = new URL(DATABASE_URL);
    url.searchParams.set('application_name', appName);
    // A connection string: the adapter opens (and owns) this pool, with its own error listener.
    storage = postgresStorage(url.toString(), { schema: db.schema });
  });
  afterAll(async () => {
    await storage?.dispose();
    await db?.drop();
  });

  it('idle connections killed - no crash; the next calls reconnect and answer', async () => {
    await Promise.all([storage.ping(), storage.ping(), storage.ping()]);
    const killed = await terminateOurs();
    expect(killed.rowCount).toBeGreaterThan(0);
    await recovered();
    await expect(storage.subscriptions.subscribe('a', 'b', new Date())).resolves.toBe(true);
  });

  it('a transaction in flight when its connection is killed - DependencyError; the next attempt works', async () => {
    const now = new Date();
    const issue = { purpose: 'login' as const, subject: randomUUID(), codeHash: 'c'.repeat(43), expiresAt: new Date(now.getTime() + 60_000), retainUntil: new Date(now.getTime() + 3_600_000), now };
    await storage.otps.issue(issue);
    const attempt = { purpose: issue.purpose, subject: issue.subject, codeHash: issue.codeHash, maxAttempts: 5, lockUntil: new Date(now.getTime() + 900_000), now };

    // Hold the row lock from another connection, so the attempt waits inside its transaction.
    const blocker = await db.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "${db.schema}"."vaultkit_otps" WHERE subject = $1 FOR UPDATE`, [issue.subject]);
      const pending = storage.otps.attempt(attempt).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      await waitUntilWaitingOnLock();
      await terminateOurs();
      const outcome = await pending;
      expect('error' in outcome && outcome.error).toBeInstanceOf(DependencyError);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    // The aborted transaction changed nothing: the right code still answers ok, once.
    await recovered();
    await expect(storage.otps.attempt(attempt)).resolves.toEqual({ status: 'ok' });
  });

  /**
   * Pings until the pool answers again: until each killed connection has reported its end, the
   * pool may still hand one out, and that call must fail as a `DependencyError`, nothing else.
   */
  async function recovered(): Promise<void> {
    for (let i = 0; i < 40; i++) {
      try {
        await storage.ping();
        return;
      } catch (error) {
        expect(error).toBeInstanceOf(DependencyError);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error('the storage did not recover within 2 s');
  }

  async function waitUntilWaitingOnLock(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [appName],
      );
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the attempt never waited on the row lock');
  }
});
