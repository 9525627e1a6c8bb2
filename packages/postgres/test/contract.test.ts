import { storageContract } from '@vaultkit/testkit';
import { afterAll, beforeAll } from 'vitest';
import { postgresStorage } from '../src/index.js';
import { DATABASE_URL, migratedSchema, type TestSchema, unreachableUrl } from './pg.js';

/**
 * The storage contract on the real PostgreSQL of `scripts/services.sh`, in a schema of this
 * file's own (migrated once, emptied after every test, dropped at the end). The second
 * instance is a second pool on the same schema, as a second server process would have; the
 * unreachable one a pool pointed at a closed loopback port.
 */
let db: TestSchema;

beforeAll(async () => {
  db = await migratedSchema();
});
afterAll(async () => {
  await db?.drop();
});

storageContract('postgres', () => postgresStorage(db.pool, { schema: db.schema }), {
  cleanup: () => db.truncate(),
  makeSecond: () => postgresStorage(DATABASE_URL, { schema: db.schema }),
  makeUnreachable: async () => postgresStorage(await unreachableUrl(), { schema: db.schema }),
});
