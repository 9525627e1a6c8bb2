// HTTP benchmark of the framework adapters (issue 13): the server's own CPU time per request on
// protected routes, against a bare route of the same framework, in one run. Not a test: it
// prints figures and never fails on a missed target; it exits non-zero only on errors (a crash,
// a sanity check that fails, any non-2xx response, socket error or timeout during a measured run).
//
//   pnpm build && node bench/http.mjs        (or `pnpm bench`, which also runs tokens.mjs)
//   BENCH_SOURCE=1 node bench/http.mjs       (the TypeScript sources through tsx, no build)
//
// Environment: ROUNDS (default 8), ROUND_S (seconds per run, default 2), WARMUP_S (default 2),
// CONNECTIONS (autocannon connections, default 10), ONLY (comma-separated scenario ids),
// BARE_TOKEN=0 (the bare routes are sent no Authorization header), YOUNG_GEN_MB (see bench/children.mjs),
// LOGINS=0 (skip the event-loop-delay phase), CPU_PROF=<dir> (the servers write a CPU
// profile of each measured run there, as <kind>-<n>.cpuprofile: open it in Chrome DevTools).
//
// Process layout, and why: the machine has 2 cores, and the load generator can be the
// bottleneck, in which case a throughput ratio measures the client. So each app runs in its
// own child process (bench/http-server.mjs) pinned to core 0, autocannon runs here pinned to
// core 1, and the figure compared is the server's own CPU time (user + system, all its threads,
// from `process.cpuUsage()` in the server) divided by the requests it answered. That figure does
// not depend on which side saturates, and ratios are taken between runs of the same round.
//
// Everything listens on 127.0.0.1 only, every run has a fixed duration, children exit when this
// process goes away, and a watchdog ends the whole script if it ever overruns.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { canPin, CLIENT_CPU, pin, SERVER_CPU, startServer, startWatchdog, stopAll } from './children.mjs';
import { report, reportEnd, reportLogins } from './http-report.mjs';

const SECRET = 'bench-http-secret-bench-http-secret-0123456789';
const PASSWORD = 'correct horse battery staple';
const HOST = '127.0.0.1';
// Better Auth only when installed in its own folder (npm install --prefix bench/better-auth).
const BETTER_AUTH = existsSync(new URL('./better-auth/node_modules/better-auth/package.json', import.meta.url));
const KINDS = ['fastify-bare', 'fastify', 'fastify-jwt', 'express-bare', 'express', ...(BETTER_AUTH ? ['express-better-auth'] : [])];
const ALL_CPUS = `0-${availableParallelism() - 1}`;

await main();

async function main() {
  const { default: autocannon } = await import('autocannon');
  const env = process.env;
  const opts = {
    ROUNDS: Math.max(1, Number(env.ROUNDS ?? 8)), ROUND_S: Math.max(1, Number(env.ROUND_S ?? 2)),
    WARMUP_S: Math.max(0, Number(env.WARMUP_S ?? 2)), CONNECTIONS: Math.max(1, Number(env.CONNECTIONS ?? 10)),
    PIPELINING: Math.max(1, Number(env.PIPELINING ?? 1)),
  };
  const only = env.ONLY ? new Set(env.ONLY.split(',')) : null;
  const begun = performance.now();
  const loadBefore = loadavg()[0];
  const children = [];
  const watchdog = startWatchdog('http', { ms: 10 * 60_000, children });

  try {
    if (canPin) pin(process.pid, CLIENT_CPU);
    const servers = Object.fromEntries(await Promise.all(KINDS.map(async (kind) => [kind, await startServer(kind, { env: { BENCH_SECRET: SECRET, BENCH_PASSWORD: PASSWORD }, children })])));
    const fa = await prepare(servers.fastify, servers['fastify-bare']);
    const ex = await prepare(servers.express, servers['express-bare']);
    // @fastify/jwt gets the very token the vault issued (same secret): both verify one JWT.
    await expectBody(servers['fastify-jwt'], '/app/me', { token: fa.token, expected: fa.userBody });
    const betterAuth = servers['express-better-auth'];
    if (betterAuth) await expectBody(betterAuth, '/api/auth/get-session', { cookie: betterAuth.credentials.cookie, containing: '"session"' });

    const auth = (token) => ({ authorization: `Bearer ${token}` });
    // The bare routes get the very same request bytes (the token included, which they ignore):
    // receiving a 300-byte header is the client's cost of any authenticated request, so the
    // ratios measure the check itself, not the parsing of a header only one side was sent.
    const bareHeaders = (token) => (env.BARE_TOKEN === '0' ? undefined : auth(token));
    const all = [
      { id: 'fa.bareUser', label: 'fastify  plain app  GET /bare/user', srv: servers['fastify-bare'], path: '/bare/user', headers: bareHeaders(fa.token) },
      { id: 'fa.auth', label: 'fastify  vault.requireAuth() GET /app/me', srv: servers.fastify, path: '/app/me', headers: auth(fa.token), base: 'fa.bareUser', min: 0.85 },
      { id: 'fj.auth', label: 'fastify  @fastify/jwt GET /app/me', srv: servers['fastify-jwt'], path: '/app/me', headers: auth(fa.token), base: 'fa.bareUser' },
      { id: 'fa.bareMe', label: 'fastify  plain app  GET /bare/me', srv: servers['fastify-bare'], path: '/bare/me', headers: bareHeaders(fa.token) },
      { id: 'fa.me', label: 'fastify  vault GET /api/v1/users/me', srv: servers.fastify, path: '/api/v1/users/me', headers: auth(fa.token), base: 'fa.bareMe', min: 0.7 },
      { id: 'ex.bareUser', label: 'express  plain app  GET /bare/user', srv: servers['express-bare'], path: '/bare/user', headers: bareHeaders(ex.token) },
      { id: 'ex.auth', label: 'express  requireAuth(vault) GET /app/me', srv: servers.express, path: '/app/me', headers: auth(ex.token), base: 'ex.bareUser', min: 0.9 },
      { id: 'ex.bareMe', label: 'express  plain app  GET /bare/me', srv: servers['express-bare'], path: '/bare/me', headers: bareHeaders(ex.token) },
      { id: 'ex.me', label: 'express  vault GET /api/v1/users/me', srv: servers.express, path: '/api/v1/users/me', headers: auth(ex.token), base: 'ex.bareMe', min: 0.85 },
      ...(betterAuth ? [{ id: 'ba.session', label: 'express  Better Auth GET /api/auth/get-session', srv: betterAuth, path: '/api/auth/get-session', headers: { cookie: betterAuth.credentials.cookie }, base: 'ex.bareMe' }] : []),
    ];
    const scenarios = only ? all.filter((s) => only.has(s.id)) : all;

    const load = (s, seconds, connections = opts.CONNECTIONS) =>
      autocannon({ url: `http://${HOST}:${s.srv.port}${s.path}`, connections, pipelining: opts.PIPELINING, duration: seconds, headers: s.headers });
    const loginLoad = (srv, seconds) =>
      autocannon({
        url: `http://${HOST}:${srv.port}/api/v1/auth/login`, method: 'POST', connections: 8, duration: seconds,
        headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: srv.credentials.email, password: srv.credentials.password }),
      });
    const problems = [];
    /** Non-2xx answers, socket errors, timeouts and resets are errors: remembered and printed. */
    const check = (label, when, result) => {
      const bad = result.non2xx + result.errors + result.timeouts + result.resets;
      if (bad > 0) problems.push(`${label} (${when}): non-2xx ${result.non2xx} ${JSON.stringify(result.statusCodeStats)}, errors ${result.errors}, timeouts ${result.timeouts}, resets ${result.resets}`);
    };
    const runOnce = async (s, seconds, when) => {
      await s.srv.request({ type: 'start' });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const main = await load(s, seconds);
      const used = process.cpuUsage(cpu0);
      const clientCpu = (used.user + used.system) / 1e3 / (performance.now() - t0);
      const stats = await s.srv.request({ type: 'stop' });
      check(s.label, when, main);
      const requests = main.requests.total;
      return { rps: requests / (stats.wallMs / 1000), cpuPerReq: stats.cpuUs / requests, sysPerReq: stats.sysUs / requests, srvCpu: stats.cpuUs / 1e3 / stats.wallMs, clientCpu };
    };

    for (const s of scenarios) await runOnce(s, opts.WARMUP_S, 'warm-up');
    const samples = Object.fromEntries(scenarios.map((s) => [s.id, []]));
    for (let round = 0; round < opts.ROUNDS; round += 1) {
      // Interleaved: every scenario once per round, in reverse order every other round, so
      // that drift (heap growth, noisy neighbours) falls on both sides of each pair.
      const order = round % 2 === 0 ? scenarios : [...scenarios].reverse();
      for (const s of order) samples[s.id].push(await runOnce(s, opts.ROUND_S, `round ${round + 1}`));
      console.error(`round ${round + 1}/${opts.ROUNDS} done (${((performance.now() - begun) / 1000).toFixed(0)} s)`);
    }
    report({ scenarios, samples, opts, loadBefore, pinned: canPin, source: env.BENCH_SOURCE === '1' });
    if (!BETTER_AUTH) console.log('Better Auth is not installed here, its comparison was skipped: npm install --prefix bench/better-auth\n');

    if (env.LOGINS !== '0' && !only) {
      // Event-loop delay while 8 logins hash (bcrypt runs in the thread pool): the server gets
      // every core here, as in production, since the question is whether hashing starves the
      // loop, not what a request costs.
      const rows = [];
      for (const [name, srv, token] of [['fastify', servers.fastify, fa.token], ['express', servers.express, ex.token]]) {
        if (canPin) pin(srv.pid, ALL_CPUS);
        const s = { label: `${name} requireAuth + 8 logins`, srv, path: '/app/me', headers: auth(token) };
        await srv.request({ type: 'start', eld: true });
        const [main, logins] = await Promise.all([load(s, opts.ROUND_S * 2), loginLoad(srv, opts.ROUND_S * 2)]);
        const stats = await srv.request({ type: 'stop' });
        check(s.label, 'logins', main);
        check(`${name} logins`, 'logins', logins);
        rows.push({ name, rps: main.requests.average, eldP99: stats.eldP99, loginRps: logins.requests.total / logins.duration, loginP99: logins.latency.p99 });
        if (canPin) pin(srv.pid, SERVER_CPU);
      }
      reportLogins(rows);
    }
    reportEnd({ begun, loadBefore, problems });
  } catch (error) {
    console.error('bench/http failed:', error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await stopAll(children);
  }
}

/**
 * A real login over HTTP on the vault app, then the bodies the plain app's routes must repeat
 * byte for byte: the `/users/me` envelope and the requireAuth route's `{ user }`.
 */
async function prepare(srv, bareSrv) {
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
  await bareSrv.request({ type: 'bare', bare: { me: JSON.parse(meBody), user: JSON.parse(userBody) } });
  await expectBody(bareSrv, '/bare/me', { expected: meBody });
  await expectBody(bareSrv, '/bare/user', { expected: userBody });
  return { token, userBody };
}

/**
 * GETs `path` with the Bearer `token` or the `cookie`, throws unless it is a 200 (with exactly
 * `expected` as body, or a body `containing` that text, when given).
 */
async function expectBody(srv, path, { token, cookie, expected, containing } = {}) {
  const headers = token ? { authorization: `Bearer ${token}` } : cookie ? { cookie } : {};
  const res = await fetch(`http://${HOST}:${srv.port}${path}`, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${srv.kind} ${path}: sanity check answered ${res.status}`);
  if (expected !== undefined && body !== expected) throw new Error(`${srv.kind} ${path}: body differs from the one it must match`);
  if (containing !== undefined && !body.includes(containing)) throw new Error(`${srv.kind} ${path}: body lacks ${containing}`);
  return body;
}
