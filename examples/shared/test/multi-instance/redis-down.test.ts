/*
 * Redis killed under a running server process (a Redis private to this file holds sessions,
 * revocations, codes and rate limits; accounts stay in the process's memory): the revocation check fails closed (a
 * valid token gets 503, never 200), rate limiting goes on in the memory insurance limiter, and
 * the server serves again once a Redis is back on the same port.
 *
 * @see issue 12 ("Redis stopped")
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../server-suite.js';
import { eventually, logIn, me, post, signUp, uniqueEmail, PASSWORD } from './accounts.js';
import { deploymentSecret, startServerProcess, type ServerProcess } from './processes.js';
import { redisSkipReason, startRedis, type PrivateRedis } from './services.js';

const skip = redisSkipReason();
if (skip) console.warn(`[multi-instance] Redis fault test skipped: ${skip}`);

describe.skipIf(skip !== null)('Redis killed under a server process', () => {
  let redis: PrivateRedis;
  let server: ServerProcess;

  beforeAll(async () => {
    redis = await startRedis();
    // The documented budgets (login: 10 per 15 minutes per client), so the insurance limit shows.
    server = await startServerProcess('fastify', { JWT_SECRET: deploymentSecret(), REDIS_URL: redis.url, RATE_LIMIT_SCALE: '1', BCRYPT_COST: '4' });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await redis?.destroy();
  });

  it('fails closed on tokens, limits logins in memory, and serves again after Redis is back', async () => {
    const email = uniqueEmail('redis');
    const session = await signUp(server.url, email);
    expect((await me(server.url, session.accessToken)).status).toBe(200);

    await redis.stop();
    // A valid, unrevoked token: the server cannot tell, so it refuses (503), never accepts.
    const refused = await me(server.url, session.accessToken);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String) });
    expect(refused.text).not.toMatch(/ECONNREFUSED|redis|127\.0\.0\.1/i);
    const refresh = await post(server.url, '/auth/refresh-token', { refreshToken: session.refreshToken });
    expect(refresh.status).toBe(503);
    expect((await send(`${server.url}/ready`)).status).toBe(503);
    expect((await send(`${server.url}/health`)).status).toBe(200);

    // The login bucket goes on in the insurance limiter: 10 attempts, then 429. Unknown
    // identifiers: the password check runs (401) and no account lock is involved.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await post(server.url, '/auth/login', { identifier: uniqueEmail('nobody'), password: 'wrong password here' })).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    expect(server.alive()).toBe(true);

    await redis.start();
    await eventually('the server is ready again', async () => (await send(`${server.url}/ready`)).status === 200, 10_000);
    // The new Redis is empty: the old session is gone, so its token is refused (401), not let back in.
    expect((await me(server.url, session.accessToken)).status).toBe(401);
    // Limits count in Redis again (a fresh budget there), and new sessions work.
    const again = await logIn(server.url, email, PASSWORD);
    expect((await me(server.url, again.accessToken)).status).toBe(200);
    expect(server.output()).not.toMatch(/uncaught|unhandled/i);
  }, 60_000);
});
