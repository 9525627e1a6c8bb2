/*
 * PostgreSQL stopped under two running server processes (A Express, B Fastify; accounts,
 * sessions and revocations all in PostgreSQL): every answer is 200 or the 503 envelope, never a
 * 500 or a dropped connection; `/ready` says 503, `/health` 200, the processes stay up; after
 * PostgreSQL restarts they serve again within seconds, without being restarted themselves.
 *
 * @see issue 12 ("PostgreSQL stopped mid-run")
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../server-suite.js';
import { eventually, logIn, me, post, signUp, uniqueEmail, type Tokens } from './accounts.js';
import { deploymentSecret, startServerProcess, type ServerProcess } from './processes.js';
import { postgresSkipReason, startPostgres, type PrivatePostgres } from './services.js';

const skip = postgresSkipReason();
if (skip) console.warn(`[multi-instance] PostgreSQL fault test skipped: ${skip}`);

describe.skipIf(skip !== null)('PostgreSQL stopped under two server processes', () => {
  let pg: PrivatePostgres;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    const env = { JWT_SECRET: deploymentSecret(), DATABASE_URL: pg.url, RATE_LIMIT_SCALE: '100', BCRYPT_COST: '4' };
    servers = await Promise.all([startServerProcess('express', env), startServerProcess('fastify', env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await pg?.destroy();
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE while it is down, stays up, and recovers after the restart', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const email = uniqueEmail('pg');
    await signUp(a.url, email);
    const tokens: Tokens = await logIn(b.url, email);
    expect((await me(a.url, tokens.accessToken)).status).toBe(200);

    // Requests in flight on both instances while the database goes away ("mid-run").
    const seen = new Set<number>();
    let running = true;
    const traffic = Promise.all(
      servers.map(async (server) => {
        while (running) seen.add((await me(server.url, tokens.accessToken)).status);
      }),
    );
    await eventually('requests flow', async () => seen.has(200));
    await pg.stop();
    await eventually('requests meet the outage', async () => seen.has(503));
    running = false;
    await traffic; // a dropped connection would reject here
    expect([...seen].sort()).toEqual([200, 503]);

    for (const server of servers) {
      // Protected routes (the token check reads the session table) and store routes alike.
      const protectedRoute = await me(server.url, tokens.accessToken);
      expect(protectedRoute.status).toBe(503);
      expect(protectedRoute.body).toEqual({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String) });
      expect(protectedRoute.text).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1/i);
      const login = await post(server.url, '/auth/login', { identifier: email, password: 'correct horse battery' });
      expect(login.status).toBe(503);
      expect(login.body).toMatchObject({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE' });
      const register = await post(server.url, '/auth/register', { email: uniqueEmail('down'), password: 'correct horse battery' });
      expect(register.status).toBe(503);
      expect(register.body).toMatchObject({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE' });

      const ready = await send(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE' });
      expect((await send(`${server.url}/health`)).status).toBe(200);
      expect(server.alive()).toBe(true);
      expect(() => process.kill(server.pid, 0)).not.toThrow();
    }

    await pg.start();
    for (const server of servers) {
      // The pools reconnect on their own: no restart of the servers.
      await eventually(`${server.framework} serves again`, async () => (await me(server.url, tokens.accessToken)).status === 200, 10_000);
      expect((await send(`${server.url}/ready`)).status).toBe(200);
      expect((await logIn(server.url, email)).accessToken).toEqual(expect.any(String));
      expect(server.alive()).toBe(true);
    }
    expect(a.output()).not.toMatch(/uncaught|unhandled/i);
    expect(b.output()).not.toMatch(/uncaught|unhandled/i);
  }, 60_000);
});
