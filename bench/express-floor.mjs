// Why `requireAuth(vault)` on Express stays under 0.90 of a bare route (issue 13), measured in one
// run: what an Express request pays for a property added to it, and for the heap its process
// keeps. Not a test: it prints figures, and exits non-zero only on errors.
//
//   pnpm build && node bench/express-floor.mjs          (about 2.5 minutes)
//
// Environment: ROUNDS (default 8), ROUND_S (default 2), CONNECTIONS (default 10).
//
// 1. Hidden classes. Two requests in flight, held at the same point, asked whether V8 gives them
//    one map (`%HaveSameMap`, in a child started with --allow-natives-syntax): on a plain
//    node:http server, on one that re-prototypes its requests as Express does, and in Express,
//    before and after a property is added.
// 2. Five Express apps in one server process (each app has its own request prototype), pinned
//    like bench/http.mjs, rounds alternating; the figure is the server's CPU time per request:
//    bare route; a middleware calling next() after a microtask (as requireAuth does after its
//    check); the same setting req.user and req.auth; the same keeping them in a WeakMap (no
//    property added); requireAuth(vault) itself (memory storage, a real token).
// 3. The same bare route in two processes: a plain one, and one that has imported vaultkit and
//    created a vault it never calls; with each one's heap after a full GC.
import { canPin, childExecArgv, CLIENT_CPU, forkChild, pin, SERVER_CPU, startWatchdog, stopAll } from './children.mjs';
import { median } from './http-report.mjs';
import { createVerifiedUser } from './verified-user.mjs';

const HOST = '127.0.0.1';
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 8));
const ROUND_S = Math.max(1, Number(process.env.ROUND_S ?? 2));
const CONNECTIONS = Math.max(1, Number(process.env.CONNECTIONS ?? 10));
const ROLE = process.argv[2];
const VARIANT_LABELS = {
  bare: 'bare route',
  hop: 'next() after a microtask',
  props: 'the same, setting req.user and req.auth first',
  weakmap: 'the same, keeping both in a WeakMap instead',
  requireAuth: 'requireAuth(vault)',
};

if (ROLE) process.on('disconnect', () => process.exit(0)); // a child never outlives the parent
if (ROLE === 'maps') await reportMaps();
else if (ROLE === 'serve') await serve(process.argv[3]);
else await main();

async function main() {
  const { default: autocannon } = await import('autocannon');
  const children = [];
  const watchdog = startWatchdog('express-floor', { ms: 8 * 60_000, children });
  try {
    if (canPin) pin(process.pid, CLIENT_CPU);
    const maps = forkChild('express-floor.mjs', { args: ['maps'], children, execArgv: [...childExecArgv(), '--allow-natives-syntax'] });
    const { lines } = await maps.next();
    console.log('1. Do two requests in flight share one hidden class (V8 map)?');
    for (const line of lines) console.log(`   ${line}`);

    const variants = await startServe('variants', children);
    const plain = await startServe('plain', children);
    const imported = await startServe('imported', children);
    const run = async (srv, name) => {
      const headers = { authorization: `Bearer ${variants.token}` }; // the same bytes for every route
      const before = await srv.request({ type: 'cpu' });
      const result = await autocannon({ url: `http://${HOST}:${srv.ports[name]}/x`, connections: CONNECTIONS, duration: ROUND_S, headers });
      const after = await srv.request({ type: 'cpu' });
      if (result.non2xx || result.errors || result.timeouts) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      return (after.cpuUs - before.cpuUs) / result.requests.total;
    };
    const table = [
      ...Object.keys(variants.ports).map((name) => ({ srv: variants, name, label: VARIANT_LABELS[name] })),
      { srv: plain, name: 'bare', label: 'plain Express process, bare route' },
      { srv: imported, name: 'bare', label: 'the same with vaultkit imported and a vault created (unused)' },
    ];
    for (const row of table) await run(row.srv, row.name); // warm-up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const row of table) (row.samples ??= []).push(await run(row.srv, row.name));
    }
    const show = (rows, base) => {
      for (const row of rows) {
        const us = median(row.samples);
        console.log(`   ${row.label.padEnd(62)} ${us.toFixed(1).padStart(7)} µs  ${(median(base.samples) / us).toFixed(2).padStart(5)}`);
      }
    };
    console.log(`\n2. One Express process, server CPU µs per request (median of ${ROUNDS} rounds of ${ROUND_S} s), vs bare:`);
    show(table.slice(0, 5), table[0]);
    console.log('\n3. Two Express processes, the same bare route, vs the plain process:');
    show(table.slice(5), table[5]);
    console.log(`   heap after a full GC: plain ${plain.heapMb.toFixed(1)} MB, with vaultkit ${imported.heapMb.toFixed(1)} MB`);
  } finally {
    clearTimeout(watchdog);
    await stopAll(children);
  }
}

async function startServe(kind, children) {
  const srv = forkChild('express-floor.mjs', { args: ['serve', kind], children, execArgv: [...childExecArgv(), '--expose-gc'] });
  if (canPin) pin(srv.child.pid, SERVER_CPU);
  const ready = await srv.next();
  if (canPin) pin(srv.child.pid, SERVER_CPU);
  return { ...srv, ...ready };
}

/** A server child: its apps, then `cpu` requests answered with the process's CPU time. */
async function serve(kind) {
  const { default: express } = await import('express');
  const fixed = { user: { id: 'u', role: 'user', sessionId: 's' } };
  const apps = {};
  const app = (name, ...handlers) => {
    const a = express();
    a.set('etag', false);
    a.get('/x', ...handlers, (req, res) => res.json(req.user ? { user: req.user } : fixed));
    apps[name] = a;
  };
  let token = null;
  if (kind === 'variants' || kind === 'imported') {
    const { createVault, outboxMailer } = await import('@vaultkit/core');
    const { requireAuth } = await import('@vaultkit/express');
    const vault = createVault({ tokens: { secret: 'bench-floor-secret-bench-floor-secret-0123' }, rateLimits: { scale: 1e6 }, mailer: outboxMailer({ log: false }) });
    if (kind === 'variants') {
      token = await signIn(vault);
      const slots = new WeakMap();
      app('bare');
      app('hop', (req, res, next) => Promise.resolve().then(() => next()));
      app('props', (req, res, next) => Promise.resolve().then(() => { req.auth = { sessionId: 's' }; req.user = fixed.user; next(); }));
      app('weakmap', (req, res, next) => Promise.resolve().then(() => { slots.set(req, { auth: { sessionId: 's' }, user: fixed.user }); next(); }));
      app('requireAuth', requireAuth(vault));
    } else app('bare');
  } else app('bare');
  const ports = {};
  for (const [name, a] of Object.entries(apps)) {
    const server = a.listen(0, HOST);
    await new Promise((resolve) => server.once('listening', resolve));
    ports[name] = server.address().port;
  }
  globalThis.gc();
  globalThis.gc();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  process.on('message', () => {
    const used = process.cpuUsage();
    process.send({ cpuUs: used.user + used.system });
  });
  process.send({ ports, token, heapMb });
}

/** A verified user (bench/verified-user.mjs) signed in: returns the access token. */
async function signIn(vault) {
  const credentials = await createVerifiedUser(vault, { password: 'correct horse battery staple', host: HOST });
  const session = await vault.auth.login(credentials, { client: { ip: HOST, userAgent: 'bench' } });
  return session.accessToken;
}

/**
 * Holds two concurrent requests at each step and asks V8 whether they share a map. Run with
 * --allow-natives-syntax (the intrinsic is compiled here only, so the file parses without it).
 */
async function reportMaps() {
  const http = await import('node:http');
  const { default: express } = await import('express');
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
  const lines = [];
  const probe = async (label, listen) => {
    let waiting = [];
    // Resolves once both requests have reached `step`, after comparing their maps there.
    const at = (req, step) =>
      new Promise((resolve) => {
        waiting.push({ req, resolve });
        if (waiting.length < 2) return;
        const [a, b] = waiting;
        waiting = [];
        lines.push(`${label.padEnd(40)} ${step.padEnd(22)} ${sameMap(a.req, b.req) ? 'one map' : 'a map each'}`);
        a.resolve();
        b.resolve();
      });
    const port = await listen(at);
    await Promise.all([0, 1].map(() => fetch(`http://${HOST}:${port}/x`).then((r) => r.text())));
  };
  const steps = async (req, at) => {
    await at(req, 'on arrival');
    req.user = { id: 'u' };
    await at(req, 'after req.user is set');
  };
  await probe('plain node:http', (at) => listenOn(http.createServer(async (req, res) => { await steps(req, at); res.end(); })));
  const prototype = Object.create(http.IncomingMessage.prototype);
  await probe('node:http, re-prototyped as Express does', (at) =>
    listenOn(http.createServer(async (req, res) => { Object.setPrototypeOf(req, prototype); await steps(req, at); res.end(); })));
  await probe('Express', (at) => {
    const a = express();
    a.get('/x', async (req, res) => { await steps(req, at); res.end(); });
    return listenOn(http.createServer(a));
  });
  process.send({ lines });
}

function listenOn(server) {
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server.address().port)));
}

