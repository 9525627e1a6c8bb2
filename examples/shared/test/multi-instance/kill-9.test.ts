/*
 * `kill -9` of a server process in the middle of 1,000 concurrent registrations and logins
 * (everything in a private PostgreSQL, no Redis: sessions and their liveness rows are in SQL
 * too). Afterwards the database holds no half-written account and no orphan session state, and a
 * restarted server (the other framework) serves every account that was created.
 * BCRYPT_COST=4 keeps 1,000 hashes cheap; RATE_LIMIT_SCALE lets one client send them all.
 *
 * @see issue 12 ("A kill -9 of a server in the middle of 1,000 registrations and logins")
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxCode, post, signUp, uniqueEmail, PASSWORD } from './accounts.js';
import { deploymentSecret, startServerProcess, type ServerProcess } from './processes.js';
import { postgresSkipReason, startPostgres, type PrivatePostgres } from './services.js';

const OPERATIONS = 1_000;
const CONCURRENCY = 24;
/** Answered operations before the kill. */
const KILL_AFTER = 400;
const VERIFIED_ACCOUNTS = 10;

const skip = postgresSkipReason();
if (skip) console.warn(`[multi-instance] kill -9 test skipped: ${skip}`);

/** Runs `task(i)` for i in [0, count) with `concurrency` workers; a thrown task counts as `'error'`. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<(T | 'error')[]> {
  const results: (T | 'error')[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i).catch(() => 'error' as const);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe.skipIf(skip !== null)('kill -9 in the middle of 1,000 registrations and logins', () => {
  let pg: PrivatePostgres;
  /** Every server started, awaited and stopped at the end even when a test failed mid-start. */
  const started: Promise<ServerProcess>[] = [];
  const start = (framework: 'express' | 'fastify') => {
    const server = startServerProcess(framework, env);
    started.push(server);
    return server;
  };
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = await startPostgres();
    env = { JWT_SECRET: deploymentSecret(), DATABASE_URL: pg.url, RATE_LIMIT_SCALE: '1000', BCRYPT_COST: '4' };
  });

  afterAll(async () => {
    await Promise.all(started.map((server) => server.then((s) => s.stop(), () => {})));
    await pg?.destroy();
  });

  const sql = async (text: string) => (await pg.query(text)).map((row) => row[0]!);

  it('leaves only whole accounts and sessions, and a restarted server logs them in', async () => {
    const first = await start('express');
    const verified = await pool(VERIFIED_ACCOUNTS, 5, async (i) => {
      const email = `verified.${i}.${uniqueEmail('kill')}`;
      await signUp(first.url, email);
      return email;
    });
    expect(verified).not.toContain('error');

    // Even operations register a new address, odd ones log a verified account in.
    const registered = new Map<string, number>();
    const loggedInSessions: string[] = [];
    let answered = 0;
    let killing: Promise<void> | undefined;
    await pool(OPERATIONS, CONCURRENCY, async (i) => {
      if (i % 2 === 0) {
        const email = `new.${i}.${uniqueEmail('kill')}`;
        registered.set(email, 0);
        const res = await post(first.url, '/auth/register', { email, password: PASSWORD });
        registered.set(email, res.status);
      } else {
        const res = await post(first.url, '/auth/login', { identifier: verified[i % VERIFIED_ACCOUNTS], password: PASSWORD });
        if (res.status === 200) loggedInSessions.push(String(res.body.data.refreshToken).split('.')[0]!);
      }
      if (++answered === KILL_AFTER) killing = first.kill();
    });
    await killing;
    expect(first.alive()).toBe(false);
    const accepted = [...registered].filter(([, status]) => status === 202).map(([email]) => email);
    // The kill came in the middle: some of each were answered, and not all 1,000.
    expect(accepted.length).toBeGreaterThan(50);
    expect(loggedInSessions.length).toBeGreaterThan(50);
    expect([...registered.values()].filter((status) => status !== 202 && status !== 0)).toEqual([]);
    expect(accepted.length + loggedInSessions.length).toBeLessThan(OPERATIONS);

    // Restarted at once (the other framework), while the database is inspected.
    const restarting = start('fastify');

    // One psql round trip; each column must be 0:
    const [counts] = await pg.query(`SELECT
      -- an account with a missing or empty required field (NOT NULL alone accepts ''),
      (SELECT count(*) FROM vaultkit_users WHERE email NOT LIKE '_%@_%' OR password_hash NOT LIKE '$vk1$%$2_$04$%' OR role <> 'user'),
      -- a session without its user,
      (SELECT count(*) FROM vaultkit_sessions s LEFT JOIN vaultkit_users u ON u.id = s.user_id WHERE u.id IS NULL),
      -- a liveness row without its session,
      (SELECT count(*) FROM vaultkit_live_sessions l LEFT JOIN vaultkit_sessions s ON s.id = l.sid WHERE s.id IS NULL),
      -- a session without refresh state or with a deadline before its creation.
      (SELECT count(*) FROM vaultkit_sessions WHERE refresh_hash = '' OR expires_at <= created_at)`);
    expect(counts).toEqual(['0', '0', '0', '0']);
    const emails = new Set(await sql('SELECT lower(email) FROM vaultkit_users'));
    expect(accepted.filter((email) => !emails.has(email.toLowerCase()))).toEqual([]);
    // Every answered login's session is whole (row + liveness). A session row without its
    // liveness row can only come from a login in flight at the kill, cut between its two
    // writes: its tokens were never sent, and no token of it can ever pass the liveness check.
    const live = new Set(await sql('SELECT s.id FROM vaultkit_sessions s JOIN vaultkit_live_sessions l ON l.sid = s.id'));
    expect(loggedInSessions.filter((sid) => !live.has(sid))).toEqual([]);
    const cut = await sql('SELECT count(*) FROM vaultkit_sessions s LEFT JOIN vaultkit_live_sessions l ON l.sid = s.id WHERE l.sid IS NULL');
    expect(Number(cut[0])).toBeLessThanOrEqual(CONCURRENCY);

    // The restarted server logs in every account in the table: verified ones get a session,
    // the others the right-password answer for an unverified account (403, not 401).
    const second = await restarting;
    const rows = (await pg.query('SELECT email, email_verified FROM vaultkit_users')).map(([email, flag]) => ({ email: email!, verified: flag === 't' }));
    expect(rows.filter((row) => row.verified)).toHaveLength(VERIFIED_ACCOUNTS);
    const answers = await pool(rows.length, 8, async (i) => (await post(second.url, '/auth/login', { identifier: rows[i]!.email, password: PASSWORD })).status);
    expect(answers.filter((status, i) => status !== (rows[i]!.verified ? 200 : 403))).toEqual([]);

    // And an account registered just before the kill can still finish its sign-up.
    const late = accepted.at(-1)!;
    expect((await post(second.url, '/auth/resend-otp', { purpose: 'verify-email', email: late })).status).toBe(200);
    expect((await post(second.url, '/auth/verify-email', { email: late, code: await outboxCode(second.url, late) })).status).toBe(200);
    expect((await post(second.url, '/auth/login', { identifier: late, password: PASSWORD })).status).toBe(200);
  }, 90_000);
});
