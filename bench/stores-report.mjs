// The tables of bench/stores.mjs. Figures are medians over the rounds; a ratio to memory is the
// median of the per-round ratios (each round measures every store a few seconds apart, so drift
// cancels), with the lowest and highest round beside it.
import { cpus } from 'node:os';
import { fmtInt, median, spread } from './http-report.mjs';

const OPS = [
  ['isRevoked', 'isRevoked/s'],
  ['verifyAccess', 'verifyAccess/s'],
  ['refresh', 'refresh/s'],
  ['register', 'register/s'],
];

/** The header, then the in-process operations table. */
export function reportOps({ opts, loadBefore, source, skipped, result }) {
  const from = source ? 'TypeScript sources (tsx)' : 'built packages (dist)';
  console.log(`vaultkit stores bench: Node ${process.version}, ${from}${opts.quick ? ', --quick' : ''}`);
  const busy = loadBefore > 1 ? '  <- other work was running: expect noisy figures' : '';
  console.log(`${cpus().length} cores; 1-min load average ${loadBefore.toFixed(2)} before${busy}`);
  for (const s of skipped) console.log(`skipped: ${s}`);
  console.log('');
  console.log(`1. Store operations in one process, ${result.concurrency} calls in flight, median of ${result.rounds} interleaved rounds x ${result.roundMs} ms (not pinned)`);
  const stores = Object.keys(result.samples);
  const base = result.samples.memory;
  const rows = stores.map((store) => [
    store,
    ...OPS.map(([op]) => {
      const xs = result.samples[store][op];
      const ratios = xs.map((x, i) => x / base[op][i]);
      return store === 'memory' ? fmtInt(median(xs)) : `${fmtInt(median(xs))} (${median(ratios).toFixed(2)}x)`;
    }),
  ]);
  table(['store', ...OPS.map(([, h]) => h)], rows, 1);
  console.log('ops/s; (x) = ratio to memory, per round, median. isRevoked = storage.revocations.isRevoked({ jti, sid }, now),');
  console.log('the one-round-trip check of DESIGN §4; verifyAccess = vault.tokens.verifyAccess(token): signature (cached) + that');
  console.log('check; refresh = vault.auth.refresh, one rotation per call, chained per session; register = vault.auth.register');
  console.log('with a new address (user lookups and insert, OTP issue, mail limiter) at bcrypt cost 4 (test-only, about 1 ms)');
  console.log('so that the store, not bcrypt, dominates: at the default cost 11 every store registers about the same ~15/s per core.');
  console.log('');
}

/** The protected-route table: req/s and the app server's CPU per request, each against memory. */
export function reportHttp({ opts, pinned, servers, samples }) {
  const base = samples.memory;
  const layout = pinned ? 'app servers pinned to core 0, autocannon to core 1 (taskset), Redis and PostgreSQL not pinned' : 'NOT pinned (taskset missing or 1 core)';
  console.log(`2. Fastify + @vaultkit/fastify, GET /app/me behind requireAuth(), per store: ${opts.ROUNDS} interleaved rounds x ${opts.ROUND_S} s, autocannon ${opts.CONNECTIONS} connections, loopback`);
  console.log(`   ${layout}`);
  const rows = servers.map(({ store, min }) => {
    const xs = samples[store];
    const rps = xs.map((x) => x.rps);
    const cpu = xs.map((x) => x.cpuPerReq);
    const rpsRatio = xs.map((x, i) => x.rps / base[i].rps);
    const cpuRatio = xs.map((x, i) => base[i].cpuPerReq / x.cpuPerReq);
    const service = (key) => (xs.some((x) => x[key] === null) ? 'n/a' : median(xs.map((x) => x[key])).toFixed(1));
    const judged = min === undefined ? ['', '', ''] : [`>= ${min.toFixed(2)}`, median(rpsRatio) >= min ? 'OK' : 'MISS', median(cpuRatio) >= min ? 'OK' : 'MISS'];
    return [
      store, fmtInt(median(rps)), spread(rps.map(Math.round), 0),
      store === 'memory' ? '1' : median(rpsRatio).toFixed(2), store === 'memory' ? '' : spread(rpsRatio, 2),
      judged[0], judged[1],
      median(cpu).toFixed(1), spread(cpu, 1), store === 'memory' ? '1' : median(cpuRatio).toFixed(2), judged[2],
      service('redisPerReq'), service('postgresPerReq'),
      (median(xs.map((x) => x.srvCpu)) * 100).toFixed(0), (median(xs.map((x) => x.clientCpu)) * 100).toFixed(0),
      median(xs.map((x) => x.latencyP99)).toFixed(0),
    ];
  });
  const head = ['store', 'req/s', 'spread', 'vs memory', 'spread', 'target', 'result', 'srv CPU µs/req', 'spread', 'CPU vs memory', 'result',
    'redis µs/req', 'postgres µs/req', 'srv CPU%', 'ac CPU%', 'p99 ms'];
  table(head, rows, 1);
  const memRps = base.map((x) => x.rps);
  const swing = Math.max(...memRps) / Math.min(...memRps);
  if (swing > 1.5) console.log(`NOISY: memory's req/s varied ${swing.toFixed(1)}-fold between rounds (neighbours were busy): rerun before reading the ratios.\n`);
  console.log('req/s vs memory = this store\'s req/s / memory\'s, per round, median (spread = lowest-highest round); the target is');
  console.log('issue 12\'s, on this column (Redis-backed >= 0.70, PostgreSQL-backed >= 0.50; postgres+redis checks revocations in');
  console.log('Redis, so 0.70). srv CPU µs/req = the app server\'s user + system CPU (all threads) / requests answered; CPU vs memory');
  console.log('= memory\'s CPU per request / this store\'s (1 = as cheap; the same thresholds shown for reference). redis / postgres');
  console.log('µs/req = CPU of those server processes per request (/proc, 10 ms ticks; approximate: the services are shared).');
  console.log('srv CPU% / ac CPU% = CPU per wall second of the app server and of autocannon: on 2 cores the store servers compete');
  console.log('with both, so req/s on a store-backed app measures the machine as much as the app.');
  console.log('');
}

function table(head, rows, leftCols) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i < leftCols ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log('');
}
