// The storage a bench process runs on, wired as docs/deployment.md and docs/redis.md say. Used
// by bench/stores-ops.mjs and bench/http-server.mjs (BENCH_STORE), both forked by
// bench/stores.mjs, which creates and drops the PostgreSQL schema and the Redis key prefix.
//
//   memory          memoryStorage() (the embedded default), memory rate limits
//   redis           composeStorage(memoryStorage(), redisHotState(redis)) + Redis rate limits
//   postgres        postgresStorage(pool) after migrate(pool), memory rate limits (one instance)
//   postgres+redis  composeStorage(postgresStorage(pool), redisHotState(redis)) + Redis rate
//                   limits (many instances behind a load balancer)
//
// Environment: DATABASE_URL, REDIS_URL, BENCH_PG_SCHEMA (its own schema, so nothing clashes with
// the tests), BENCH_REDIS_PREFIX (its own key prefix).

export const STORES = ['memory', 'redis', 'postgres', 'postgres+redis'];

/**
 * Opens `name`'s storage: `{ storage, rateLimitFactory, close }`. `close` ends what was opened
 * here (the pool, the Redis client); the vault never closes adapters it was handed.
 */
export async function openStore(name) {
  const env = process.env;
  if (!STORES.includes(name)) throw new Error(`unknown store: ${name} (one of ${STORES.join(', ')})`);
  const { composeStorage, memoryStorage } = await import('@vaultkit/core');
  const closers = [];
  const close = async () => {
    for (const run of closers.splice(0).reverse()) await run().catch(() => {});
  };
  try {
    let base = memoryStorage();
    if (name.startsWith('postgres')) {
      const { default: pg } = await import('pg');
      const { migrate, postgresStorage } = await import('@vaultkit/postgres');
      // pg's default pool (10 connections), the 5 s connect timeout docs/postgres.md asks for.
      const pool = new pg.Pool({ connectionString: need(env, 'DATABASE_URL'), connectionTimeoutMillis: 5_000 });
      pool.on('error', (error) => console.error('bench postgres pool:', error.message));
      closers.push(() => pool.end());
      const location = { schema: need(env, 'BENCH_PG_SCHEMA') };
      await migrate(pool, location); // safe from every bench process at once (advisory lock)
      base = postgresStorage(pool, location);
    }
    if (!name.endsWith('redis')) return { storage: base, rateLimitFactory: undefined, close };

    const { Redis } = await import('ioredis');
    const { redisHotState } = await import('@vaultkit/redis');
    // The client settings docs/redis.md recommends: connected before use, failing fast.
    // BENCH_REDIS_AUTOPIPELINING=1 adds ioredis's auto-pipelining (commands issued in one
    // event-loop turn leave in one write), to measure what it would save.
    const redis = new Redis(need(env, 'REDIS_URL'), {
      lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: env.BENCH_REDIS_AUTOPIPELINING === '1',
    });
    redis.on('error', (error) => console.error('bench redis:', error.message));
    closers.push(() => redis.quit());
    await redis.connect();
    const hot = redisHotState(redis, { prefix: need(env, 'BENCH_REDIS_PREFIX') });
    return { storage: composeStorage(base, hot), rateLimitFactory: hot.rateLimits.factory, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function need(env, key) {
  const value = (env[key] ?? '').trim();
  if (!value) throw new Error(`${key} is not set`);
  return value;
}
