// In-process half of bench/stores.mjs, forked by it: the store-bound operations per second of
// one vault per store, all in this process, measured in interleaved rounds (every store and
// operation once per round, the store order reversed every other round). It sends the samples
// to the parent over IPC and exits. Not a test: a measuring fixture.
//
// Environment (set by the parent): BENCH_SECRET, BENCH_STORES (comma-separated), ROUNDS,
// ROUND_MS, CONCURRENCY, plus what bench/stores-open.mjs reads.
import { performance } from 'node:perf_hooks';
import { openStore } from './stores-open.mjs';

const META = { client: { ip: '127.0.0.1', userAgent: 'bench' } };
const PASSWORD = 'correct horse battery staple';
const env = process.env;
const ROUNDS = Math.max(1, Number(env.ROUNDS ?? 3));
const ROUND_MS = Math.max(100, Number(env.ROUND_MS ?? 700));
const CONCURRENCY = Math.max(1, Number(env.CONCURRENCY ?? 10));
const OPS = ['isRevoked', 'verifyAccess', 'refresh', 'register'];

process.on('disconnect', () => process.exit(0)); // never outlive the parent
const opened = [];
try {
  const { createVault, outboxMailer } = await import('@vaultkit/core');
  const benches = [];
  for (const name of env.BENCH_STORES.split(',')) {
    const store = await openStore(name);
    opened.push(store);
    const vault = createVault({
      tokens: { secret: env.BENCH_SECRET },
      storage: store.storage,
      // scale 1e6: the limiters run (on Redis where wired) but never stop the run.
      rateLimits: { scale: 1e6, factory: store.rateLimitFactory },
      // Cost 4 (test-only): a hash takes about a millisecond, so registrations measure the
      // store rather than bcrypt (cost 11 would make every store look alike, about 15/s/core).
      passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
      mailer: outboxMailer({ log: false }),
    });
    benches.push({ name, ...(await prepare(name, vault, store.storage)) });
  }

  const samples = Object.fromEntries(benches.map((b) => [b.name, Object.fromEntries(OPS.map((op) => [op, []]))]));
  for (const b of benches) for (const op of OPS) await measure(b.ops[op], ROUND_MS / 2); // warm-up (JIT, pools)
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? benches : [...benches].reverse();
    for (const b of order) for (const op of OPS) samples[b.name][op].push(await measure(b.ops[op], ROUND_MS));
  }
  process.send({ type: 'ops', samples, concurrency: CONCURRENCY, rounds: ROUNDS, roundMs: ROUND_MS });
} catch (error) {
  process.send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  for (const store of opened) await store.close();
  process.disconnect();
}

/**
 * A signed-in account with one session per worker, and the four operations: each worker calls
 * its operation again as soon as the previous call settled (CONCURRENCY calls in flight).
 */
async function prepare(name, vault, storage) {
  const email = `ops-${process.pid}-${name.replace('+', '-')}@example.test`;
  await vault.admin.ensureAdmin({ email, password: PASSWORD });
  const pairs = [];
  for (let w = 0; w < CONCURRENCY; w += 1) pairs.push(await vault.auth.login({ identifier: email, password: PASSWORD }, META));
  const { accessToken } = pairs[0];
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
  const check = { jti: claims.jti, sid: claims.sid };
  const refreshTokens = pairs.map((p) => p.refreshToken);
  let registered = 0;

  // Sanity: every operation succeeds, so nothing measures a fast failure.
  if ((await storage.revocations.isRevoked(check, new Date())) !== false) throw new Error(`${name}: a live session reads as revoked`);
  if (!(await vault.tokens.verifyAccess(accessToken)).ok) throw new Error(`${name}: verifyAccess refused a fresh token`);
  const ops = {
    // The store's one-round-trip check (DESIGN §4): jti not blacklisted and session live.
    isRevoked: async () => {
      if (await storage.revocations.isRevoked(check, new Date())) throw new Error(`${name}: isRevoked answered true`);
    },
    // The protected-route check without HTTP: signature (cached after the first call) + isRevoked.
    verifyAccess: async () => {
      if (!(await vault.tokens.verifyAccess(accessToken)).ok) throw new Error(`${name}: verifyAccess refused`);
    },
    // One rotation per call, each worker chaining its own session.
    refresh: async (w) => {
      refreshTokens[w] = (await vault.auth.refresh({ refreshToken: refreshTokens[w] }, META)).refreshToken;
    },
    // A new address each time: user lookups, user insert, OTP issue, mail limiter, outbox.
    register: async () => {
      registered += 1;
      const result = await vault.auth.register({ email: `reg-${process.pid}-${registered}@example.test`, password: PASSWORD }, META);
      if (!result.message) throw new Error(`${name}: register did not answer "check your inbox"`);
    },
  };
  return { ops };
}

/** Operations per second with CONCURRENCY workers calling `op` back to back for `ms`. */
async function measure(op, ms) {
  let done = 0;
  const start = performance.now();
  const end = start + ms;
  const worker = async (w) => {
    while (performance.now() < end) {
      await op(w);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return (done / (performance.now() - start)) * 1000;
}
