/*
 * SMTP down under a running server process (SMTP_URL to a loopback smtp-server, memory storage):
 * register and resend-otp answer exactly as when it is up, for new and known addresses alike (no
 * account oracle); the mail queue retries, so a code mailed while SMTP was down arrives once it
 * is back; and a new code can be asked for and arrives.
 *
 * @see issue 12 ("SMTP down")
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type SentResponse } from '../server-suite.js';
import { eventually, post, uniqueEmail, PASSWORD } from './accounts.js';
import { deploymentSecret, startServerProcess, type ServerProcess } from './processes.js';
import { codeIn, startLoopbackSmtp, type LoopbackSmtp } from './smtp.js';

const VERIFY = /verify your email/i;
const RESET = /reset your password/i;

describe('SMTP down under a server process', () => {
  let smtp: LoopbackSmtp;
  let server: ServerProcess;
  const admin = uniqueEmail('admin');

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    // ADMIN_*: a known, verified account created without any mail.
    server = await startServerProcess('express', {
      JWT_SECRET: deploymentSecret(),
      SMTP_URL: smtp.url,
      RATE_LIMIT_SCALE: '100',
      BCRYPT_COST: '4',
      ADMIN_EMAIL: admin,
      ADMIN_PASSWORD: PASSWORD,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  /**
   * The answers that must not depend on SMTP or on the address: registering a new and a known
   * address, and asking a reset code for a known and an unknown one (each address used for the
   * first time in its purpose, so no cooldown is involved). Status and body only: timing and the
   * rate-limit counters are not compared.
   */
  const probe = async (known: string) => {
    const shape = (res: SentResponse) => ({ status: res.status, body: res.body });
    const fresh = uniqueEmail('new');
    return {
      fresh,
      register: [shape(await post(server.url, '/auth/register', { email: fresh, password: PASSWORD })), shape(await post(server.url, '/auth/register', { email: known, password: PASSWORD }))],
      resend: [
        shape(await post(server.url, '/auth/resend-otp', { purpose: 'reset-password', email: known })),
        shape(await post(server.url, '/auth/resend-otp', { purpose: 'reset-password', email: uniqueEmail('unknown') })),
      ],
    };
  };

  it('answers the same up and down, new and known; retries, and a new code arrives once SMTP is back', async () => {
    // A second known account (unverified), for the phase with SMTP down.
    const known = uniqueEmail('known');
    expect((await post(server.url, '/auth/register', { email: known, password: PASSWORD })).status).toBe(202);
    await eventually('the first verification mail arrives', async () => codeIn(smtp.messages, known, VERIFY) !== undefined);
    expect((await send(`${server.url}/ready`)).status).toBe(200);

    const up = await probe(admin);
    expect(up.register[0]).toMatchObject({ status: 202, body: { status: 'success', data: { message: expect.any(String) } } });
    expect(up.register[1]).toEqual(up.register[0]);
    expect(up.resend[0]).toMatchObject({ status: 200, body: { status: 'success', data: { message: expect.any(String) } } });
    expect(up.resend[1]).toEqual(up.resend[0]);
    await eventually('the reset code to the known address arrives', async () => codeIn(smtp.messages, admin, RESET) !== undefined);

    await smtp.close();
    const down = await probe(known);
    expect(down.register).toEqual(up.register);
    expect(down.resend).toEqual(up.resend);
    // /ready tells the load balancer; the answers above told the client nothing.
    expect((await send(`${server.url}/ready`)).status).toBe(503);
    expect(server.alive()).toBe(true);

    await smtp.open();
    await eventually('/ready answers 200 again', async () => (await send(`${server.url}/ready`)).status === 200);
    // Retried in the background (1 s, then doubling): the code mailed while down arrives, and works.
    await eventually('the code mailed while SMTP was down arrives', async () => codeIn(smtp.messages, down.fresh, VERIFY) !== undefined, 20_000);
    const verified = await post(server.url, '/auth/verify-email', { email: down.fresh, code: codeIn(smtp.messages, down.fresh, VERIFY) });
    expect(verified.status).toBe(200);

    // A new code, asked for now, arrives and is accepted.
    expect((await post(server.url, '/auth/forgot-password', { email: down.fresh })).status).toBe(200);
    await eventually('the new reset code arrives', async () => codeIn(smtp.messages, down.fresh, RESET) !== undefined, 10_000);
    const reset = await post(server.url, '/auth/forgot-password/verify', { email: down.fresh, code: codeIn(smtp.messages, down.fresh, RESET) });
    expect(reset.status).toBe(200);
    expect(reset.body.data.resetToken).toEqual(expect.any(String));
  }, 60_000);
});
