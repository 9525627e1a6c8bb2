/**
 * SMTP faults seen from a vault (`createVault({ mailer: nodemailerMailer(url) })`): a 4xx or 5xx
 * answer and a refused connection are retried by the core's mail queue with bounded backoff and
 * end in one `mail.failed`; the answers of register, forgot-password and resend-otp are the
 * same whether SMTP is up or down (no account oracle); a new code can be asked for later.
 *
 * @see issue 12 (Many instances, and faults: "SMTP down")
 */
import { closedPort } from '@vaultkit/testkit';
import { describe, expect, it } from 'vitest';
import { nodemailerMailer } from '../src/index.js';
import { useSmtpServers, type SmtpFault } from './helpers/smtp-server.js';
import { mailVault, PASSWORD, post } from './helpers/vault.js';

const from = 'Acme <no-reply@acme.example>';
const start = useSmtpServers();

const codeIn = (text: string) => /^\s*(\d{6})\s*$/m.exec(text)?.[1];

describe('SMTP faults go through the mail queue: retried, then mail.failed', () => {
  it.each<[string, { onRcpt?: () => SmtpFault; onData?: () => SmtpFault }, string]>([
    ['a 4xx answer to RCPT TO', { onRcpt: () => ({ code: 451, message: 'Try again later' }) }, 'EENVELOPE 451'],
    ['a 5xx answer to DATA', { onData: () => ({ code: 554, message: 'Transaction failed' }) }, 'EMESSAGE 554'],
  ])('%s: register answers 202, the mail is tried 3 times, one mail.failed without the code', async (_label, fault, cause) => {
    const smtp = await start(fault);
    const { vault, failed } = mailVault(nodemailerMailer(smtp.url(), { from }));
    const answer = await post(vault, '/auth/register', { email: 'ada@example.com', password: PASSWORD });
    expect(answer.status).toBe(202);
    await vault.close(); // waits for every retry
    expect(fault.onRcpt ? smtp.counts.rcpt : smtp.counts.data).toBe(3);
    expect(smtp.messages).toEqual([]);
    expect(failed).toEqual([
      { to: 'ada@example.com', subject: 'Verify your email address - vaultkit', attempts: 3, error: `DependencyError (DEPENDENCY_UNAVAILABLE) <- Error (${cause})` },
    ]);
  });

  it('a refused connection: forgot-password answers 200, 3 tries, one mail.failed', async () => {
    const port = await closedPort();
    const { vault, failed } = mailVault(nodemailerMailer(`smtp://127.0.0.1:${port}`, { from }));
    await vault.admin.ensureAdmin({ email: 'ada@example.com', password: PASSWORD });
    const answer = await post(vault, '/auth/forgot-password', { email: 'ada@example.com' });
    expect(answer.status).toBe(200);
    await vault.close();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ to: 'ada@example.com', subject: 'Reset your password - vaultkit', attempts: 3 });
    expect(failed[0]!.error).toBe('DependencyError (DEPENDENCY_UNAVAILABLE) <- Error (ESOCKET ECONNREFUSED)');
  });

  it('a server that refuses twice and then accepts: the code arrives on the 3rd try and verifies the account', async () => {
    const smtp = await start({ onRcpt: () => (smtp.counts.rcpt <= 2 ? { code: 421, message: 'Service not available' } : undefined) });
    const { vault, failed } = mailVault(nodemailerMailer(smtp.url(), { from }), { mail: { retry: { attempts: 5, baseDelay: 20, maxDelay: 80 } } });
    await post(vault, '/auth/register', { email: 'ada@example.com', password: PASSWORD });
    await vault.close();
    expect(failed).toEqual([]);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    const code = codeIn(mail.text);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.html).toContain(code);
    expect(mail.subject).not.toContain(code);
    const verified = await post(vault, '/auth/verify-email', { email: 'ada@example.com', code });
    expect(verified.status).toBe(200);
  });
});

describe('answers are the same with SMTP up and down (no account oracle)', () => {
  /** The same requests, in the same order, to a vault; an existing verified account first. */
  async function script(mailerUrl: string) {
    const { vault } = mailVault(nodemailerMailer(mailerUrl, { from }));
    await vault.admin.ensureAdmin({ email: 'known@example.com', password: PASSWORD });
    const answers = [
      await post(vault, '/auth/register', { email: 'new@example.com', password: PASSWORD }),
      await post(vault, '/auth/register', { email: 'known@example.com', password: PASSWORD }),
      await post(vault, '/auth/forgot-password', { email: 'known@example.com' }),
      await post(vault, '/auth/forgot-password', { email: 'unknown@example.com' }),
      await post(vault, '/auth/resend-otp', { purpose: 'verify-email', email: 'other@example.com' }),
      await post(vault, '/auth/resend-otp', { purpose: 'reset-password', email: 'known@example.com' }), // inside the cooldown
      await post(vault, '/auth/resend-otp', { purpose: 'reset-password', email: 'unknown@example.com' }), // inside the cooldown
    ];
    await vault.close();
    return answers;
  }

  it('register (new and existing), forgot-password and resend-otp (known and unknown) answer alike', async () => {
    const up = await start();
    const down = await closedPort();
    const [whenUp, whenDown] = [await script(up.url()), await script(`smtp://127.0.0.1:${down}`)];
    expect(whenUp.map((a) => a.status)).toEqual([202, 202, 200, 200, 200, 429, 429]);
    expect(whenDown).toEqual(whenUp);
    // Up, the mails really went out: the new account's code, the owner's notice, the reset code.
    expect(up.messages.map((m) => [m.rcptTo[0], m.subject])).toEqual([
      ['new@example.com', 'Verify your email address - vaultkit'],
      ['known@example.com', 'Sign-up attempt with your vaultkit address'],
      ['known@example.com', 'Reset your password - vaultkit'],
    ]);
  });

  it('after an outage, a new code can be asked for and arrives', async () => {
    let down = true;
    const smtp = await start({ onRcpt: () => (down ? { code: 421, message: 'Service not available' } : undefined) });
    const { vault, failed } = mailVault(nodemailerMailer(smtp.url(), { from }), { rateLimits: { scale: 100, resendCooldown: '1s' } });
    await post(vault, '/auth/register', { email: 'ada@example.com', password: PASSWORD });
    await vault.close();
    expect(failed).toHaveLength(1);
    down = false;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the 1 s resend cooldown
    expect((await post(vault, '/auth/resend-otp', { purpose: 'verify-email', email: 'ada@example.com' })).status).toBe(200);
    await vault.close();
    const code = codeIn(smtp.messages[0]!.text);
    expect((await post(vault, '/auth/verify-email', { email: 'ada@example.com', code })).status).toBe(200);
  });
});
