// HTTP benchmark of the framework adapters (the targets). Not a test: it prints figures
// and never fails on a missed target; it exits non-zero only on errors (a crash, a sanity check
// that fails, any non-2xx response, socket error or timeout during a measured run).
//
//   pnpm build && node bench/http.mjs        (or `pnpm bench`, which also runs tokens.mjs)
//
// Environment: ROUNDS (default 5), ROUND_S (seconds per run, default 3), WARMUP_S (default 1),
// CONNECTIONS (autocannon connections for the measured route, default 10).
//
// Process layout, and why: the machine has 2 cores. The servers run in child processes
// (bench/http-server.mjs, one process per app) and autocannon runs here, in the parent. In one process the load generator and the server would share one event loop: the
// figures would measure autocannon's own parsing as much as the server, and the event-loop delay
// would include it. Split, each gets a core of its own, and the server's figures (throughput,
// event-loop delay, RSS, CPU) are the server's alone. One process per app also keeps each RSS
// figure to one app, and an idle app costs its neighbour nothing.
//
// Everything listens on 127.0.0.1 only, every run has a fixed duration, children exit when this
// process goes away, and a watchdog ends the whole script if it ever overruns.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';

const SECRET = 'bench-http-secret-bench-http-secret-0123456789';
const PASSWORD = 'correct horse battery staple';
const HOST = '127.0.0.1';

await main();

async function main() {
  const { default: autocannon } = await import('autocannon');
  const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 5));
  const ROUND_S = Math.max(1, Number(process.env.ROUND_S ?? 3));
  const WARMUP_S = Math.max(0, Number(process.env.WARMUP_S ?? 1));
  const CONNECTIONS = Math.max(1, Number(process.env.CONNECTIONS ?? 10));
  const LOGIN_CONNECTIONS = 8;
  const begun = performance.now();
  const loadBefore = loadavg()[0];
  const children = [];
  const watchdog = setTimeout(() => {
    console.error('bench/http: watchdog: the run overran 8 minutes, giving up');
    for (const child of children) child.kill();
    process.exit(2);
  }, 8 * 60_000);
  watchdog.unref();

  try {
    const [ex, fa, fj] = await Promise.all(['express', 'fastify', 'fastify-jwt'].map((kind) => startServer(kind, children)));
    const exSetup = await prepare(ex);
    const faSetup = await prepare(fa);
    // @fastify/jwt gets the very token the vault issued (same secret): both verify one JWT.
    await expectBody(fj, '/app/me', { token: faSetup.token, expected: faSetup.userBody });

    const auth = (token) => ({ authorization: `Bearer ${token}` });
    const loginBody = (c) => JSON.stringify({ identifier: c.email, password: c.password });
    const scenarios = [
      { id: 'ex.bareMe', label: 'express  bare  GET /bare/me', srv: ex, path: '/bare/me' },
      { id: 'ex.me', label: 'express  vault GET /api/v1/users/me', srv: ex, path: '/api/v1/users/me', headers: auth(exSetup.token) },
      { id: 'ex.bareUser', label: 'express  bare  GET /bare/user', srv: ex, path: '/bare/user' },
      { id: 'ex.auth', label: 'express  requireAuth GET /app/me', srv: ex, path: '/app/me', headers: auth(exSetup.token) },
      { id: 'ex.login', label: 'express  requireAuth + logins c=8', srv: ex, path: '/app/me', headers: auth(exSetup.token), logins: loginBody(ex.credentials) },
      { id: 'fa.bareMe', label: 'fastify  bare  GET /bare/me', srv: fa, path: '/bare/me' },
      { id: 'fa.me', label: 'fastify  vault GET /api/v1/users/me', srv: fa, path: '/api/v1/users/me', headers: auth(faSetup.token) },
      { id: 'fa.bareUser', label: 'fastify  bare  GET /bare/user', srv: fa, path: '/bare/user' },
      { id: 'fa.auth', label: 'fastify  vault.requireAuth GET /app/me', srv: fa, path: '/app/me', headers: auth(faSetup.token) },
      { id: 'fj.auth', label: 'fastify  @fastify/jwt GET /app/me', srv: fj, path: '/app/me', headers: auth(faSetup.token) },
      { id: 'fa.login', label: 'fastify  vault.requireAuth + logins c=8', srv: fa, path: '/app/me', headers: auth(faSetup.token), logins: loginBody(fa.credentials) },
    ];

    const load = (s, seconds) => autocannon({ url: `http://${HOST}:${s.srv.port}${s.path}`, connections: CONNECTIONS, duration: seconds, headers: s.headers });
    const loginLoad = (s, seconds) =>
      autocannon({
        url: `http://${HOST}:${s.srv.port}/api/v1/auth/login`, method: 'POST', connections: LOGIN_CONNECTIONS, duration: seconds,
        headers: { 'content-type': 'application/json' }, body: s.logins,
      });
    const runOnce = async (s, seconds) => {
      await s.srv.request({ type: 'start' });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const [main, logins] = await Promise.all([load(s, seconds), s.logins ? loginLoad(s, seconds) : null]);
      const used = process.cpuUsage(cpu0);
      const clientCpu = (used.user + used.system) / 1e3 / (performance.now() - t0);
      const stats = await s.srv.request({ type: 'stop' });
      return { main, logins, stats, clientCpu };
    };

    const problems = [];
    /** Non-2xx answers, socket errors, timeouts and resets are errors: remembered and printed. */
    const check = (s, when, run) => {
      for (const [what, result] of [['route', run.main], ['logins', run.logins]]) {
        if (!result) continue;
        const bad = result.non2xx + result.errors + result.timeouts + result.resets;
        if (bad > 0) problems.push(`${s.label} ${what} (${when}): non-2xx ${result.non2xx} ${JSON.stringify(result.statusCodeStats)}, errors ${result.errors}, timeouts ${result.timeouts}, resets ${result.resets}`);
      }
    };

    for (const s of scenarios) {
      check(s, 'warm-up', await runOnce(s, WARMUP_S));
    }
    const samples = Object.fromEntries(scenarios.map((s) => [s.id, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // Interleaved: every scenario once per round, in reverse order every other round, so
      // that drift (heap growth, thermal, noisy neighbours) falls on both sides of each pair.
      const order = round % 2 === 0 ? scenarios : [...scenarios].reverse();
      for (const s of order) {
        const r = await runOnce(s, ROUND_S);
        check(s, `round ${round + 1}`, r);
        samples[s.id].push({
          rps: r.main.requests.average, p99: r.main.latency.p99, eld: r.stats.eldP99, cpu: r.stats.cpu, clientCpu: r.clientCpu, rss: r.stats.rss,
          loginRps: r.logins ? r.logins.requests.total / r.logins.duration : null, loginP99: r.logins?.latency.p99 ?? null,
        });
      }
      console.error(`round ${round + 1}/${ROUNDS} done (${((performance.now() - begun) / 1000).toFixed(0)} s)`);
    }

    report({ scenarios, samples, ROUNDS, ROUND_S, CONNECTIONS, begun, loadBefore });
    if (problems.length > 0) {
      console.log('\nERRORS during the runs (the figures above are not valid):');
      for (const p of problems) console.log(`  ${p}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error('bench/http failed:', error);
    process.exitCode = 1;
  } finally {
    for (const child of children) child.kill();
    clearTimeout(watchdog);
  }
}

/** Forks bench/http-server.mjs as a server of `kind`; resolves once it listens. */
async function startServer(kind, children) {
  const child = fork(new URL('./http-server.mjs', import.meta.url), [kind], {
    env: { ...process.env, BENCH_SECRET: SECRET, BENCH_PASSWORD: PASSWORD },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`server ${kind} exited early (code ${code})`);
  });
  exited.catch(() => {}); // observed below and by `request`
  const [ready] = await Promise.race([once(child, 'message'), exited]);
  const request = async (msg) => {
    child.send(msg);
    const [reply] = await Promise.race([once(child, 'message'), exited]);
    return reply;
  };
  return { kind, port: ready.port, credentials: ready.credentials, request };
}

/**
 * A real login over HTTP, then the bodies the bare routes must repeat byte for byte: the
 * `/users/me` envelope and the requireAuth route's `{ user }`.
 */
async function prepare(srv) {
  const base = `http://${HOST}:${srv.port}`;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: srv.credentials.email, password: srv.credentials.password }),
  });
  const login = await res.json();
  if (res.status !== 200 || !login.data?.accessToken) throw new Error(`${srv.kind}: login answered ${res.status}`);
  const token = login.data.accessToken;
  const meBody = await expectBody(srv, '/api/v1/users/me', { token });
  const userBody = await expectBody(srv, '/app/me', { token });
  await srv.request({ type: 'bare', bare: { me: JSON.parse(meBody), user: JSON.parse(userBody) } });
  await expectBody(srv, '/bare/me', { expected: meBody });
  await expectBody(srv, '/bare/user', { expected: userBody });
  return { token, userBody };
}

/** GETs `path`, throws unless it is a 200 (with exactly `expected` as body, when given). */
async function expectBody(srv, path, { token, expected } = {}) {
  const res = await fetch(`http://${HOST}:${srv.port}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${srv.kind} ${path}: sanity check answered ${res.status}`);
  if (expected !== undefined && body !== expected) throw new Error(`${srv.kind} ${path}: body differs from the one it must match`);
  return body;
}

// --- report ---

function report({ scenarios, samples, ROUNDS, ROUND_S, CONNECTIONS, begun, loadBefore }) {
  const median = (values) => {
    const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const m = (id, key) => median(samples[id].map((x) => x[key]));
  // Median of the per-round ratios: each round's pair ran side by side, so drift cancels.
  const ratio = (a, b) => median(samples[a].map((x, i) => x.rps / samples[b][i].rps));
  const comparisons = {
    'ex.me': { base: 'ex.bareMe', min: 0.9 }, 'ex.auth': { base: 'ex.bareUser', min: 0.9 },
    'fa.me': { base: 'fa.bareMe', min: 0.85 }, 'fa.auth': { base: 'fa.bareUser', min: 0.85 },
    'ex.login': { base: 'ex.auth', eld: 20 }, 'fa.login': { base: 'fa.auth', eld: 20 },
  };
  const rows = [];
  for (const s of scenarios) {
    rows.push(row(s.id, s.label, comparisons[s.id]));
    if (s.id === 'fj.auth') rows.push(row('fa.auth', 'fastify  vault.requireAuth vs @fastify/jwt', { base: 'fj.auth', min: 1.0 }));
  }
  function row(id, label, cmp) {
    const cells = [label, fmtInt(m(id, 'rps')), m(id, 'p99').toFixed(0), m(id, 'eld').toFixed(1), (m(id, 'cpu') * 100).toFixed(0), (m(id, 'clientCpu') * 100).toFixed(0), (samples[id].at(-1).rss / 2 ** 20).toFixed(0)];
    if (!cmp) return [...cells, '', '', '', ''];
    const r = ratio(id, cmp.base);
    const baseLabel = scenarios.find((s) => s.id === cmp.base).path;
    if (cmp.eld) {
      const eld = m(id, 'eld');
      return [...cells, r.toFixed(2), `${baseLabel} alone`, `ELD p99 < ${cmp.eld} ms`, eld < cmp.eld ? 'PASS' : 'MISS'];
    }
    return [...cells, r.toFixed(2), cmp.base === 'fj.auth' ? '@fastify/jwt' : baseLabel, `>= ${cmp.min.toFixed(2)}x`, r >= cmp.min ? 'PASS' : 'MISS'];
  }
  const head = ['scenario', 'req/s', 'p99 ms', 'ELD p99', 'srv CPU%', 'ac CPU%', 'RSS MB', 'ratio', 'baseline', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i >= 7 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();

  console.log(`vaultkit HTTP bench — Node ${process.version}, ${ROUNDS} interleaved rounds x ${ROUND_S} s, autocannon ${CONNECTIONS} connections, loopback`);
  const cores = availableParallelism();
  const busy = loadBefore > 1 ? '  <- other work was running: expect noisy figures' : '';
  console.log(`${cores} cores; 1-min load average ${loadBefore.toFixed(2)} before the run (the bench adds ~2), ${loadavg()[0].toFixed(2)} after${busy}`);
  console.log('');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const id of ['ex.login', 'fa.login']) {
    console.log(`${id.startsWith('ex') ? 'express' : 'fastify'} logins (bcrypt cost 11, 8 concurrent): ${m(id, 'loginRps').toFixed(1)} logins/s, login p99 ${m(id, 'loginP99').toFixed(0)} ms`);
  }
  console.log('');
  console.log('Medians over the rounds: req/s, p99 latency, ELD p99 (server event-loop delay, 1 ms resolution), srv CPU% (server');
  console.log('process, all threads) and ac CPU% (autocannon, this process), both per wall second; ratio = median of the');
  console.log('per-round ratios. RSS = server RSS at the end of the last run; each app is its own process (express, fastify,');
  console.log('fastify-jwt) and serves every scenario of its rows, so RSS includes what earlier runs left behind.');
  console.log('/users/me = auth check + rate limiter + user load (a second store round trip); /app/me = auth check only');
  console.log('(signature, cached for a token already seen, + one revocation/session round trip). Memory storage throughout.');
  console.log('Caveat: @fastify/jwt checks the signature and claims only; it does no revocation or session check at all.');
  console.log(`Total ${((performance.now() - begun) / 1000).toFixed(0)} s. Figures, not tests: a MISS does not fail the run.`);
}

function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}
