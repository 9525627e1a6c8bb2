// Store benchmark (issue 12): what each store costs the operations that touch it, and the
// protected route of a Fastify app on each store as a ratio to the same app on memory, all
// measured in one run. Not a test: it prints figures and never fails on a missed target; it
// exits non-zero only on errors (a crash, a failed sanity check, any non-2xx response, socket
// error or timeout during a measured run).
//
//   bash scripts/services.sh && . ./.services.env    (REDIS_URL, DATABASE_URL)
//   pnpm build && node bench/stores.mjs [--quick]     (or `pnpm bench:stores`)
//   BENCH_SOURCE=1 node bench/stores.mjs --quick      (the TypeScript sources through tsx)
//
// Stores (bench/stores-open.mjs): memory, redis (hot state over memory), postgres, and
// postgres+redis (docs/deployment.md's many-instance wiring). One without its URL is skipped.
// The run uses its own PostgreSQL schema and Redis key prefix and drops both at the end.
//
// Two phases:
//   1. bench/stores-ops.mjs, one process with a vault per store (not pinned: the store servers
//      need a core too): isRevoked, verifyAccess, refresh, register (bcrypt cost 4) per second.
//   2. One bench/http-server.mjs `fastify` app per store (requireAuth route `GET /app/me`), each
//      pinned to core 0 with autocannon here on core 1 as in bench/http.mjs; the store servers
//      are not pinned. Interleaved rounds; req/s and the app server's CPU µs per request, each
//      as a ratio to memory in the same round, and the store servers' CPU per request (/proc).
//
// Environment: STORES (comma-separated subset), OPS_ROUNDS, OPS_ROUND_MS, CONCURRENCY (calls in
// flight in phase 1, default 10), ROUNDS, ROUND_S, WARMUP_S, CONNECTIONS (autocannon, default
// 10), CPU_PROF=<dir> (each app server writes a profile of each of its runs, warm-up included, as
// <dir>/fastify-<store>-<n>.cpuprofile), BENCH_REDIS_AUTOPIPELINING=1 (ioredis's
// enableAutoPipelining on every Redis client, in bench/stores-open.mjs).
import { loadavg } from 'node:os';
import { canPin, CLIENT_CPU, forkChild, pin, startServer, startWatchdog, stopAll } from './children.mjs';
import { reportEnd } from './http-report.mjs';
import { serviceCpu } from './service-cpu.mjs';
import { reportHttp, reportOps } from './stores-report.mjs';
import { STORES } from './stores-open.mjs';

const SECRET = 'bench-stores-secret-bench-stores-secret-0123456789';
const PASSWORD = 'correct horse battery staple';
const HOST = '127.0.0.1';
/** Targets of issue 12 on the protected route, as a ratio of req/s to memory's. */
const TARGETS = { redis: 0.7, postgres: 0.5, 'postgres+redis': 0.7 };

await main();

async function main() {
  const env = process.env;
  const quick = process.argv.includes('--quick');
  /** The environment's value of `key`, else the full run's or --quick's default; at least 1. */
  const num = (key, [full, fast]) => Math.max(1, Number(env[key] ?? (quick ? fast : full)));
  const opts = {
    quick,
    OPS_ROUNDS: num('OPS_ROUNDS', [3, 2]), OPS_ROUND_MS: num('OPS_ROUND_MS', [700, 300]), CONCURRENCY: num('CONCURRENCY', [10, 10]),
    ROUNDS: num('ROUNDS', [5, 2]), ROUND_S: num('ROUND_S', [2, 1]), WARMUP_S: num('WARMUP_S', [2, 1]), CONNECTIONS: num('CONNECTIONS', [10, 10]),
  };
  const wanted = env.STORES ? env.STORES.split(',') : STORES;
  const unknown = wanted.filter((s) => !STORES.includes(s));
  if (unknown.length > 0) throw new Error(`unknown store(s) ${unknown.join(', ')}: use ${STORES.join(', ')}`);
  const skipped = [];
  const stores = wanted.filter((s) => {
    const missing = [s.startsWith('postgres') && !env.DATABASE_URL && 'DATABASE_URL', s.endsWith('redis') && !env.REDIS_URL && 'REDIS_URL'].filter(Boolean);
    if (missing.length > 0) skipped.push(`${s} (${missing.join(' and ')} not set: bash scripts/services.sh && . ./.services.env)`);
    return missing.length === 0;
  });
  if (!stores.includes('memory')) throw new Error('the memory store is the baseline: keep it in STORES');
  // This run's own schema and key prefix: nothing clashes with tests or another run.
  const location = { BENCH_PG_SCHEMA: `bench_stores_${process.pid}`, BENCH_REDIS_PREFIX: `bench-stores:${process.pid}:` };

  const begun = performance.now();
  const loadBefore = loadavg()[0];
  const children = [];
  const watchdog = startWatchdog('stores', { ms: 8 * 60_000, children });
  const elapsed = () => `${((performance.now() - begun) / 1000).toFixed(0)} s`;

  try {
    // --- 1. operations in process ---------------------------------------------------------
    const ops = forkChild('stores-ops.mjs', {
      env: {
        ...location, BENCH_SECRET: SECRET, BENCH_STORES: stores.join(','),
        ROUNDS: String(opts.OPS_ROUNDS), ROUND_MS: String(opts.OPS_ROUND_MS), CONCURRENCY: String(opts.CONCURRENCY),
      },
      children,
    });
    const opsResult = await ops.next();
    if (opsResult.type !== 'ops') throw new Error(`stores-ops failed: ${opsResult.message}`);
    console.error(`operations done (${elapsed()})`);

    // --- 2. the protected route over HTTP ---------------------------------------------------
    const { default: autocannon } = await import('autocannon');
    if (canPin) pin(process.pid, CLIENT_CPU);
    const servers = [];
    for (const store of stores) {
      const childEnv = { ...location, BENCH_STORE: store, BENCH_SECRET: SECRET, BENCH_PASSWORD: PASSWORD };
      const srv = await startServer('fastify', { env: childEnv, children, label: store });
      servers.push({ store, srv, token: await login(srv), min: TARGETS[store] });
    }
    const problems = [];
    const runOnce = async (s, seconds, when) => {
      await s.srv.request({ type: 'start' });
      const service0 = serviceCpu();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await autocannon({
        url: `http://${HOST}:${s.srv.port}/app/me`, connections: opts.CONNECTIONS, duration: seconds,
        headers: { authorization: `Bearer ${s.token}` },
      });
      const used = process.cpuUsage(cpu0);
      const clientCpu = (used.user + used.system) / 1e3 / (performance.now() - t0);
      const service1 = serviceCpu();
      const stats = await s.srv.request({ type: 'stop' });
      const bad = result.non2xx + result.errors + result.timeouts + result.resets;
      if (bad > 0) problems.push(`${s.store} (${when}): non-2xx ${result.non2xx} ${JSON.stringify(result.statusCodeStats)}, errors ${result.errors}, timeouts ${result.timeouts}, resets ${result.resets}`);
      const requests = result.requests.total;
      // A backend that exits during the run takes its ticks along: never below zero.
      const perReq = (key) => (service0[key] === null ? null : Math.max(0, service1[key] - service0[key]) / requests);
      return {
        rps: requests / (stats.wallMs / 1000), cpuPerReq: stats.cpuUs / requests, srvCpu: stats.cpuUs / 1e3 / stats.wallMs, clientCpu,
        redisPerReq: perReq('redis'), postgresPerReq: perReq('postgres'), latencyP99: result.latency.p99,
      };
    };
    for (const s of servers) await runOnce(s, opts.WARMUP_S, 'warm-up');
    const samples = Object.fromEntries(servers.map((s) => [s.store, []]));
    for (let round = 0; round < opts.ROUNDS; round += 1) {
      // Interleaved, reversed every other round: drift falls on both sides of each ratio.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) samples[s.store].push(await runOnce(s, opts.ROUND_S, `round ${round + 1}`));
      console.error(`round ${round + 1}/${opts.ROUNDS} done (${elapsed()})`);
    }

    const header = { opts, loadBefore, pinned: canPin, source: env.BENCH_SOURCE === '1', skipped };
    reportOps({ ...header, result: opsResult });
    reportHttp({ ...header, servers, samples });
    reportEnd({ begun, loadBefore, problems });
  } catch (error) {
    console.error('bench/stores failed:', error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await stopAll(children);
    await dropBenchData(stores, location).catch((error) => {
      console.error(`bench/stores: could not drop schema ${location.BENCH_PG_SCHEMA} / prefix ${location.BENCH_REDIS_PREFIX}:`, error);
      process.exitCode = 1;
    });
  }
}

/** A real login over HTTP, then one protected request that must answer 200: the token to send. */
async function login(srv) {
  const base = `http://${HOST}:${srv.port}`;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: srv.credentials.email, password: srv.credentials.password }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.data?.accessToken) throw new Error(`${srv.kind}: login answered ${res.status}`);
  const me = await fetch(`${base}/app/me`, { headers: { authorization: `Bearer ${body.data.accessToken}` } });
  if (me.status !== 200) throw new Error(`${srv.kind}: GET /app/me answered ${me.status}`);
  return body.data.accessToken;
}

/** Drops this run's PostgreSQL schema and deletes its Redis keys (the children have exited). */
async function dropBenchData(stores, location) {
  if (stores.some((s) => s.startsWith('postgres'))) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${location.BENCH_PG_SCHEMA}" CASCADE`);
    } finally {
      await client.end();
    }
  }
  if (stores.some((s) => s.endsWith('redis'))) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${location.BENCH_REDIS_PREFIX}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
  }
}
