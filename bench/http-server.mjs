// Server side of bench/http.mjs: one minimal app per process, forked by it as
//   node bench/http-server.mjs <kind>     (BENCH_SECRET, BENCH_PASSWORD set)
// kinds: express-bare, express (vaultkit), fastify-bare, fastify (vaultkit), fastify-jwt,
// express-better-auth (bench/better-auth, when installed there).
// BENCH_STORE (bench/stores.mjs): the vault apps run on that store (bench/stores-open.mjs)
// instead of the embedded memory storage.
// It listens on 127.0.0.1 (ephemeral port), creates a verified user on the vault apps, and
// answers the parent's IPC messages: `bare` (the bodies the bare routes repeat), `start` (resets
// the CPU counter, and the event-loop delay histogram when asked), `stop` (returns the figures).
// It exits when the parent disconnects (so that `--cpu-prof` can write its profile). Not a test,
// not an example: a measuring fixture.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createVerifiedUser } from './verified-user.mjs';

const HOST = '127.0.0.1';
const SECRET = process.env.BENCH_SECRET;
const PASSWORD = process.env.BENCH_PASSWORD;
const STORE = process.env.BENCH_STORE ? await (await import('./stores-open.mjs')).openStore(process.env.BENCH_STORE) : null;
await serve(process.argv[2]);

/** Starts one app on an ephemeral loopback port and answers the parent's IPC requests. */
async function serve(kind) {
  process.on('disconnect', () => process.exit(0)); // never outlive the parent
  const bare = { me: null, user: null }; // set by the parent from the real vault responses
  const { listen, vault, credentials: signedIn = null } = await buildApp(kind, bare);
  const port = await listen();
  const credentials = vault ? await createVerifiedUser(vault, { password: PASSWORD, host: HOST }) : signedIn;

  // Only on when asked (the login scenario): its 1 ms timer would add a fixed cost per wall
  // second to every run, which weighs more on the slower routes. 1 ms resolution: a p99 target
  // of 20 ms needs finer samples than the 10 ms default.
  const eld = monitorEventLoopDelay({ resolution: 1 });
  const profiler = await profilerOf(process.env.BENCH_STORE ? `${kind}-${process.env.BENCH_STORE}` : kind);
  let cpu = process.cpuUsage();
  let started = performance.now();
  process.on('message', async (msg) => {
    if (msg.type === 'bare') Object.assign(bare, msg.bare);
    if (msg.type === 'start') {
      if (msg.eld) eld.enable();
      eld.reset();
      await profiler?.start();
      cpu = process.cpuUsage();
      started = performance.now();
    }
    if (msg.type !== 'stop') {
      process.send({ type: 'ack' }); // the parent waits for it: no request races the change
      return;
    }
    // user + system time of the whole process (GC and thread-pool threads included)
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - started;
    const eldP99 = eld.percentile(99) / 1e6;
    eld.disable();
    await profiler?.stop();
    process.send({ type: 'stats', cpuUs: used.user + used.system, sysUs: used.system, wallMs, eldP99, rss: process.memoryUsage().rss });
  });
  process.send({ type: 'ready', port, credentials });
}

/**
 * With CPU_PROF=<dir>, the app records a CPU profile of each measured run alone (start to
 * stop, not the start-up), written as <dir>/<kind>-<n>.cpuprofile for `--cpu-prof`-style tools.
 */
async function profilerOf(kind) {
  const dir = process.env.CPU_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  let n = 0;
  return {
    start: () => session.post('Profiler.start'),
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      n += 1;
      writeFileSync(join(dir, `${kind}-${n}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** Builds the app of `kind`; bare routes answer whatever the parent put into `bare`. */
async function buildApp(kind, bare) {
  if (kind === 'express-bare' || kind === 'express') return buildExpress(kind, bare);
  if (kind === 'express-better-auth') {
    const { startBetterAuthApp } = await import('./better-auth/app.mjs');
    const { port, cookie } = await startBetterAuthApp({ host: HOST, secret: SECRET, password: PASSWORD });
    return { vault: null, listen: async () => port, credentials: { cookie } };
  }
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  const listen = () => listenFastify(app);
  if (kind === 'fastify-bare') {
    // A plain app: what the same route costs without any auth plugin registered.
    app.get('/bare/me', async () => bare.me);
    app.get('/bare/user', async () => bare.user);
    return { vault: null, listen };
  }
  if (kind === 'fastify') {
    const { vaultkit } = await import('@vaultkit/fastify');
    const vault = benchVault(await import('@vaultkit/core'));
    await app.register(vaultkit, { vault });
    app.get('/app/me', { preHandler: app.vault.requireAuth() }, async (req) => ({ user: req.user }));
    return { vault, listen };
  }
  if (kind === 'fastify-jwt') {
    // Its own app, like the bare one: @fastify/jwt measured alone, with no vaultkit plugin in the
    // request's hook chain. (They can share one app: vaultkit's `decoratorName` option moves its
    // request property off `request.user`.)
    const { default: jwt } = await import('@fastify/jwt');
    // The same HS256 secret (raw UTF-8 bytes on both sides) and the same pinned claims, so both
    // verify the very same token; fast-jwt's defaults otherwise (no revocation check at all).
    await app.register(jwt, { secret: SECRET, verify: { algorithms: ['HS256'], allowedIss: 'vaultkit', allowedAud: 'vaultkit' } });
    app.get('/app/me', { onRequest: [(req) => req.jwtVerify()] }, async (req) => ({
      user: { id: req.user.sub, role: req.user.role, sessionId: req.user.sid },
    }));
    return { vault: null, listen };
  }
  throw new Error(`unknown server kind: ${kind}`);
}

async function buildExpress(kind, bare) {
  const { default: express } = await import('express');
  const app = express();
  // The vault's responses are written with `res.end`, which computes no ETag; without this the
  // bare baseline would pay for a body hash the vault path skips (a flattering ratio).
  app.set('etag', false);
  const listen = () => listenNode(app);
  if (kind === 'express-bare') {
    app.get('/bare/me', (_req, res) => res.json(bare.me));
    app.get('/bare/user', (_req, res) => res.json(bare.user));
    return { vault: null, listen };
  }
  const { vaultRouter, requireAuth } = await import('@vaultkit/express');
  const vault = benchVault(await import('@vaultkit/core'));
  // The app's own route first, as an app that adds vaultkit keeps its routes: it then differs
  // from the bare one by the auth check alone, not by a walk through the vault router's layers
  // (which the vault route `/api/v1/users/me` pays, being in it).
  app.get('/app/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
  app.use(vaultRouter(vault));
  return { vault, listen };
}

/** Memory storage (or BENCH_STORE's), outbox mailer, default bcrypt cost (11): the embedded defaults. */
function benchVault({ createVault, outboxMailer }) {
  // scale 1e6: every request still goes through the limiter, which never stops the run. The
  // outbox stays quiet: every login of the login phase would print a sign-in mail.
  return createVault({
    tokens: { secret: SECRET }, storage: STORE?.storage,
    rateLimits: { scale: 1e6, factory: STORE?.rateLimitFactory }, mailer: outboxMailer({ log: false }),
  });
}

async function listenNode(app) {
  const server = app.listen(0, HOST);
  await once(server, 'listening');
  return server.address().port;
}

async function listenFastify(app) {
  await app.listen({ port: 0, host: HOST });
  return app.server.address().port;
}
