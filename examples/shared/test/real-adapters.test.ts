/*
 * The example servers on the real adapters the environment names (adapters.ts): PostgreSQL for
 * accounts, Redis for sessions and revocations, shared by two app instances. Needs DATABASE_URL
 * and REDIS_URL (`bash scripts/services.sh && . ./.services.env`); skipped otherwise.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../express-server/src/app.js';
import { send, testEnv, useExampleServers } from './server-suite.js';

const { DATABASE_URL, REDIS_URL } = process.env;

describe.skipIf(!DATABASE_URL || !REDIS_URL)('Express example on PostgreSQL + Redis', () => {
  const start = useExampleServers(startServer);

  it('register → verify → login on A; B (same env) accepts the token; logout on B revokes it on A', async () => {
    // Same secret and services: two instances of one deployment. No SMTP_URL: the outbox is on.
    const env = testEnv({ DATABASE_URL, REDIS_URL });
    const a = await start(env);
    const b = await start(env);
    expect(a.outbox).not.toBeNull();

    const email = `ada.${randomBytes(4).toString('hex')}@example.com`;
    const password = 'correct horse battery';
    expect((await send(`${a.url}/api/v1/auth/register`, { method: 'POST', json: { email, password } })).status).toBe(202);
    const mail = await send(`${a.url}/dev/outbox?to=${email}`);
    const code = /\b(\d{6})\b/.exec(mail.body.data[0].text)![1];
    expect((await send(`${a.url}/api/v1/auth/verify-email`, { method: 'POST', json: { email, code } })).status).toBe(200);

    // The account lives in PostgreSQL: B, which never saw it, logs it in too.
    expect((await send(`${b.url}/api/v1/auth/login`, { method: 'POST', json: { identifier: email, password } })).status).toBe(200);
    const login = await send(`${a.url}/api/v1/auth/login`, { method: 'POST', json: { identifier: email, password } });
    expect(login.status).toBe(200);
    const authorization = `Bearer ${login.body.data.accessToken}`;

    const me = await send(`${b.url}/api/v1/users/me`, { headers: { authorization } });
    expect(me.status).toBe(200);
    expect(me.body.data.user.email).toBe(email);
    expect((await send(`${b.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization } })).status).toBe(200);
    // The revocation is in Redis: A refuses the token as well.
    expect((await send(`${a.url}/api/v1/users/me`, { headers: { authorization } })).status).toBe(401);
  }, 60_000);
});
