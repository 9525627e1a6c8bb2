import { randomUUID } from 'node:crypto';
import { closedPort } from '@vaultkit/testkit';
import pg from 'pg';
import { migrate } from '../src/index.js';

/**
 * The real PostgreSQL of `scripts/services.sh`. These tests never skip: without DATABASE_URL
 * they fail, saying how to start it.
 */
export const DATABASE_URL = (() => {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set: run `bash scripts/services.sh && . ./.services.env` (the @vaultkit/postgres tests need a real PostgreSQL)');
  }
  return url;
})();

/** A pool on the test database; the listener keeps a dropped idle connection from crashing the run. */
export function newPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max });
  pool.on('error', () => {});
  return pool;
}

/** A schema name of its own for one test file (or one test). */
export function randomSchema(): string {
  return `vk_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** A fresh schema with every table migrated in, and the means to empty it and drop it. */
export interface TestSchema {
  schema: string;
  pool: pg.Pool;
  /** Empties every table (between tests). */
  truncate(): Promise<void>;
  /** Drops the schema and ends the pool (after the file). */
  drop(): Promise<void>;
}

export async function migratedSchema(): Promise<TestSchema> {
  const pool = newPool();
  const schema = randomSchema();
  await migrate(pool, { schema });
  return {
    schema,
    pool,
    async truncate() {
      const tables = ['users', 'sessions', 'live_sessions', 'revoked_tokens', 'otps', 'assets', 'subscriptions'];
      await pool.query(`TRUNCATE ${tables.map((name) => `"${schema}"."vaultkit_${name}"`).join(', ')}`);
    },
    async drop() {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

/**
 * A connection string to a loopback port nothing listens on (with the real credentials), as
 * with a PostgreSQL that is down: every connection attempt is refused at once.
 */
export async function unreachableUrl(): Promise<string> {
  const url = new URL(DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(await closedPort());
  return url.toString();
}
