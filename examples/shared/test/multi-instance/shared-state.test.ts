/*
 * Two example-server processes, A on Express and B on Fastify, as two instances of one
 * deployment: the same JWT_SECRET, one PostgreSQL (accounts) and one Redis (sessions,
 * revocations, codes, rate limits), both private to this file. What one instance does, the
 * other sees at the next request.
 *
 * @see issue 12 ("Many instances, and faults")
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logIn, logOut, me, post, signUp, uniqueEmail, PASSWORD } from './accounts.js';
import { deploymentSecret, startServerProcess, type ServerProcess } from './processes.js';
import { postgresSkipReason, redisSkipReason, startPostgres, startRedis, type PrivatePostgres, type PrivateRedis } from './services.js';

const skip = postgresSkipReason() ?? redisSkipReason();
if (skip) console.warn(`[multi-instance] shared state across processes skipped: ${skip}`);

describe.skipIf(skip !== null)('two server processes sharing PostgreSQL + Redis', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    // RATE_LIMIT_SCALE=1: the documented budgets (login 10 per 15 min per client).
    const env = { JWT_SECRET: deploymentSecret(), DATABASE_URL: pg.url, REDIS_URL: redis.url, RATE_LIMIT_SCALE: '1', BCRYPT_COST: '4' };
    // Both migrate at start, at the same time: the migration lock makes that safe.
    [a, b] = await Promise.all([startServerProcess('express', env), startServerProcess('fastify', env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([pg?.destroy(), redis?.destroy()]);
  });

  // Each test starts with fresh budgets: the limiters' counters are the only keys under `rl:`.
  afterEach(async () => {
    await redis.cli('EVAL', "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0", '0', '*rl:*');
  });

  it('register on A, log in on B, log out on B: A refuses the old access token at the next request', async () => {
    const email = uniqueEmail('ada');
    await signUp(a.url, email);
    const session = await logIn(b.url, email);
    expect((await me(a.url, session.accessToken)).status).toBe(200);
    expect((await me(b.url, session.accessToken)).status).toBe(200);

    expect((await logOut(b.url, session.accessToken)).status).toBe(200);
    const refused = await me(a.url, session.accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 'error', code: expect.any(String) });
    // The refresh token of that session is dead on both instances too.
    expect((await post(a.url, '/auth/refresh-token', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('the login budget is one budget: failures on A count on B, and B refuses once it is spent', async () => {
    // Unknown identifiers, one per attempt: only the per-client login bucket counts, not an account lock.
    const fail = (server: ServerProcess) => post(server.url, '/auth/login', { identifier: uniqueEmail('nobody'), password: 'wrong password here' });
    const first = await fail(a);
    expect(first.status).toBe(401);
    const limit = Number(first.headers.get('x-ratelimit-limit'));
    expect(limit).toBe(10);
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(limit - 1);

    // Alternating instances, the remaining count goes down by one each time: one counter.
    const servers = [b, a];
    for (let used = 2; used <= limit; used++) {
      const res = await fail(servers[used % 2]!);
      expect(res.status).toBe(401);
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBe(limit - used);
    }
    // Per-process counters would let B through: it has seen only half of the attempts.
    const refused = await fail(b);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 'error', code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits: the budget counts every request of the route.
    const email = uniqueEmail('grace');
    await signUp(b.url, email);
    expect((await post(a.url, '/auth/login', { identifier: email, password: PASSWORD })).status).toBe(429);
  });

  it('a refresh-token reuse detected on A revokes the session on B', async () => {
    const email = uniqueEmail('lin');
    await signUp(a.url, email);
    const first = await logIn(b.url, email);

    // Two rotations on A: the first token is then two rotations back, always a reuse.
    const second = await post(a.url, '/auth/refresh-token', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    const third = await post(a.url, '/auth/refresh-token', { refreshToken: second.body.data.refreshToken });
    expect(third.status).toBe(200);
    const latest = third.body.data as { accessToken: string; refreshToken: string };
    expect((await me(b.url, latest.accessToken)).status).toBe(200);

    const reuse = await post(a.url, '/auth/refresh-token', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ status: 'error', code: 'REFRESH_TOKEN_REUSED' });

    // B, which saw none of it, refuses the session's newest tokens.
    expect((await me(b.url, latest.accessToken)).status).toBe(401);
    expect((await post(b.url, '/auth/refresh-token', { refreshToken: latest.refreshToken })).status).toBe(401);
    // Other sessions of the user are untouched: a new login on B works.
    const again = await logIn(b.url, email);
    expect((await me(a.url, again.accessToken)).status).toBe(200);
  });
});
