// Token hot path benchmark (DESIGN §4). Not a test: it prints numbers, it asserts nothing.
//
//   pnpm --filter @vaultkit/core build && node bench/tokens.mjs
//
// Prints, as medians of ROUNDS rounds (variants interleaved within each round so that drift
// and thermal effects hit them alike):
//   - vault.tokens.verifyAccess(token) on memory storage, verify cache off (verifyCacheSize: 0)
//     and on (the default), each against a bare jsonwebtoken.verify with a KeyObject built once;
//   - the string-secret trap: jsonwebtoken.verify with the secret as a string;
//   - refresh rotations per second (vault.tokens.refresh, chained).
// Environment: ROUNDS (default 7), ROUND_MS (default 1000).
import { createSecretKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import jwt from 'jsonwebtoken';
import { createVault } from '@vaultkit/core';

const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? 7));
const ROUND_MS = Math.max(200, Number(process.env.ROUND_MS ?? 1000));
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const META = { ip: '127.0.0.1', userAgent: 'bench' };

/** Runs `fn` in batches until `ms` have passed; returns operations per second. */
async function measureAsync(fn, ms = ROUND_MS) {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 256; i += 1) await fn();
    ops += 256;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

function measureSync(fn, ms = ROUND_MS) {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 256; i += 1) fn();
    ops += 256;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function signedInVault(tokens) {
  const vault = createVault({ tokens: { secret: SECRET, ...tokens } });
  // A real account through the public API (one bcrypt hash at start, outside the timed rounds).
  await vault.admin.ensureAdmin({ email: 'bench@example.test', password: 'bench passphrase' });
  const pair = await vault.auth.login({ identifier: 'bench@example.test', password: 'bench passphrase' }, { client: META });
  return { vault, pair };
}

const uncached = await signedInVault({ verifyCacheSize: 0 });
const cached = await signedInVault({});
const keyObject = createSecretKey(Buffer.from(SECRET, 'utf8'));
const token = uncached.pair.accessToken;

// Sanity: every variant accepts its token, so nothing measures a fast failure.
const check = async (label, result) => {
  if (!result) throw new Error(`${label}: the token was not accepted`);
};
await check('verifyAccess (no cache)', (await uncached.vault.tokens.verifyAccess(token)).ok);
await check('verifyAccess (cache)', (await cached.vault.tokens.verifyAccess(cached.pair.accessToken)).ok);
await check('jwt.verify KeyObject', jwt.verify(token, keyObject, { algorithms: ['HS256'] }).sub);
await check('jwt.verify string', jwt.verify(token, SECRET, { algorithms: ['HS256'] }).sub);

// Warm-up (JIT) before the measured rounds.
await measureAsync(() => uncached.vault.tokens.verifyAccess(token), 300);
await measureAsync(() => cached.vault.tokens.verifyAccess(cached.pair.accessToken), 300);
measureSync(() => jwt.verify(token, keyObject, { algorithms: ['HS256'] }), 300);
measureSync(() => jwt.verify(token, SECRET, { algorithms: ['HS256'] }), 300);

const results = { bare: [], uncached: [], cached: [], stringSecret: [], refresh: [] };
let refreshToken = uncached.pair.refreshToken;
for (let round = 0; round < ROUNDS; round += 1) {
  results.bare.push(measureSync(() => jwt.verify(token, keyObject, { algorithms: ['HS256'] })));
  results.uncached.push(await measureAsync(() => uncached.vault.tokens.verifyAccess(token)));
  results.cached.push(await measureAsync(() => cached.vault.tokens.verifyAccess(cached.pair.accessToken)));
  results.stringSecret.push(measureSync(() => jwt.verify(token, SECRET, { algorithms: ['HS256'] }), ROUND_MS / 2));
  results.refresh.push(
    await measureAsync(async () => {
      refreshToken = (await uncached.vault.auth.refresh({ refreshToken }, { client: META })).refreshToken;
    }, ROUND_MS / 2),
  );
}

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const fmt = (opsPerSec) => `${Math.round(opsPerSec).toLocaleString('en-US').padStart(10)} ops/s  (${(1e6 / opsPerSec).toFixed(2)} µs/op)`;
const ratioNoCache = m.uncached / m.bare;
const ratioCache = m.cached / m.bare;

console.log(`vaultkit token bench — Node ${process.version}, medians of ${ROUNDS} rounds of ~${ROUND_MS} ms`);
console.log('');
console.log(`jsonwebtoken.verify, KeyObject built once      ${fmt(m.bare)}`);
console.log(`vault.tokens.verifyAccess, cache off           ${fmt(m.uncached)}   ratio ${ratioNoCache.toFixed(2)} (target >= 0.85) ${ratioNoCache >= 0.85 ? 'OK' : 'BELOW TARGET'}`);
console.log(`vault.tokens.verifyAccess, default cache       ${fmt(m.cached)}   ratio ${ratioCache.toFixed(2)}`);
console.log(`jsonwebtoken.verify, string secret (the trap)  ${fmt(m.stringSecret)}   ${(m.bare / m.stringSecret).toFixed(0)}x slower than a KeyObject`);
console.log(`vault.auth.refresh (one rotation)            ${fmt(m.refresh)}`);
console.log('');
console.log('verifyAccess = header check + signature/claims (skipped on a cache hit) + one memory-store round trip.');
