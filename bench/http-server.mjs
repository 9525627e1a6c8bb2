// Server side of bench/http.mjs: one app per process, forked by it as
//   node bench/http-server.mjs <express | fastify | fastify-jwt>   (BENCH_SECRET, BENCH_PASSWORD set)
// It listens on 127.0.0.1 (ephemeral port), creates a verified user on the vault apps, and
// answers the parent's IPC messages: `bare` (the bodies the bare routes repeat), `start`
// (resets the event-loop delay histogram and the CPU counter), `stop` (returns the figures).
// It exits when the parent goes away. Not a test, not an example: a measuring fixture.
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const HOST = '127.0.0.1';
const SECRET = process.env.BENCH_SECRET;
const PASSWORD = process.env.BENCH_PASSWORD;
await serve(process.argv[2]);

/** Starts one app on an ephemeral loopback port and answers the parent's IPC requests. */
async function serve(kind) {
  process.on('disconnect', () => process.exit(0)); // never outlive the parent
  const bare = { me: null, user: null }; // set by the parent from the real vault responses
  const { listen, vault } = await buildApp(kind, bare);
  const port = await listen();
  let credentials = null;
  if (vault) credentials = await createVerifiedUser(vault);

  // 1 ms resolution: a p99 target of 20 ms needs finer samples than the 10 ms default.
  // Enabled for every run alike, so its (tiny) timer cost is in the baselines too.
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  let cpu = process.cpuUsage();
  let started = performance.now();
  process.on('message', (msg) => {
    if (msg.type === 'bare') Object.assign(bare, msg.bare);
    if (msg.type === 'start') {
      eld.reset();
      cpu = process.cpuUsage();
      started = performance.now();
    }
    if (msg.type !== 'stop') {
      process.send({ type: 'ack' }); // the parent waits for it: no request races the change
      return;
    }
    const used = process.cpuUsage(cpu);
    process.send({
      type: 'stats',
      eldP99: eld.percentile(99) / 1e6,
      // user + system time of the whole process (bcrypt's threads included) per wall second
      cpu: (used.user + used.system) / 1e3 / (performance.now() - started),
      rss: process.memoryUsage().rss,
    });
  });
  process.send({ type: 'ready', port, credentials });
}

/** Builds the app of `kind`; bare routes answer whatever the parent put into `bare`. */
async function buildApp(kind, bare) {
  if (kind === 'express') {
    const { default: express } = await import('express');
    const { createVault } = await import('@vaultkit/core');
    const { vaultRouter, requireAuth } = await import('@vaultkit/express');
    const vault = benchVault(createVault);
    const app = express();
    // The vault's responses are written with `res.end`, which computes no ETag; without this the
    // bare baseline would pay for a body hash the vault path skips (a flattering ratio).
    app.set('etag', false);
    // App routes first, as an app that adds vaultkit keeps its own routes: the bare and the
    // requireAuth routes then differ by the auth check alone, not by Express's walk through the
    // vault router's layers (which the vault route `/api/v1/users/me` pays, being in it).
    app.get('/bare/me', (_req, res) => res.json(bare.me));
    app.get('/bare/user', (_req, res) => res.json(bare.user));
    app.get('/app/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
    app.use(vaultRouter(vault));
    return { vault, listen: () => listenNode(app) };
  }
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  if (kind === 'fastify') {
    const { createVault } = await import('@vaultkit/core');
    const { vaultkit } = await import('@vaultkit/fastify');
    const vault = benchVault(createVault);
    await app.register(vaultkit, { vault });
    app.get('/bare/me', async () => bare.me);
    app.get('/bare/user', async () => bare.user);
    app.get('/app/me', { preHandler: app.vault.requireAuth() }, async (req) => ({ user: req.user }));
    return { vault, listen: () => listenFastify(app) };
  }
  if (kind === 'fastify-jwt') {
    // Its own app: @fastify/jwt and @vaultkit/fastify both decorate `request.user`.
    const { default: jwt } = await import('@fastify/jwt');
    // The same HS256 secret (raw UTF-8 bytes on both sides) and the same pinned claims, so both
    // verify the very same token; fast-jwt's defaults otherwise (no revocation check at all).
    await app.register(jwt, { secret: SECRET, verify: { algorithms: ['HS256'], allowedIss: 'vaultkit', allowedAud: 'vaultkit' } });
    app.get('/app/me', { onRequest: [(req) => req.jwtVerify()] }, async (req) => ({
      user: { id: req.user.sub, role: req.user.role, sessionId: req.user.sid },
    }));
    return { vault: null, listen: () => listenFastify(app) };
  }
  throw new Error(`unknown server kind: ${kind}`);
}

/** Memory storage, outbox mailer, default bcrypt cost (11): the embedded defaults. */
function benchVault(createVault) {
  // scale 1e6: every request still goes through the limiter, which never stops the run.
  return createVault({ tokens: { secret: SECRET }, rateLimits: { scale: 1e6 } });
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

/** Registers a user and verifies the address with the code from the outbox (the real flow). */
async function createVerifiedUser(vault) {
  const email = `bench-${process.pid}@example.test`;
  await vault.auth.register({ email, password: PASSWORD }, { client: { ip: HOST, userAgent: 'bench' } });
  for (let i = 0; i < 200 && vault.mailer.messages(email).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  const code = /\b(\d{6})\b/.exec(vault.mailer.messages(email)[0]?.text ?? '')?.[1];
  if (!code) throw new Error('no verification code in the outbox');
  await vault.auth.verifyEmail({ email, code }, { client: { ip: HOST, userAgent: 'bench' } });
  return { email, password: PASSWORD };
}
