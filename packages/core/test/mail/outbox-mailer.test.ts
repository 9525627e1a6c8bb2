import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { createVault } from '../../src/create-vault.js';
import { isOutboxMailer, outboxMailer } from '../../src/mail/outbox-mailer.js';
import { renderMail } from '../../src/mail/render-mail.js';
import { otpMail } from '../../src/mail/templates.js';
import type { MailMessage } from '../../src/ports/mailer.js';

const SECRET = 'outbox-mailer-test-secret-of-32-bytes!';

const mail = (to: string, subject: string) => ({ to, subject, text: `text of ${subject}`, html: `<p>${subject}</p>` });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('outbox mailer', () => {
  it('keeps messages newest first, with sentAt as an ISO time', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 12));
    const outbox = outboxMailer({ clock, log: false });
    await outbox.send(mail('ada@example.com', 'first'));
    clock.advance(1000);
    await outbox.send(mail('grace@example.com', 'second'));
    expect(outbox.messages()).toEqual([
      { ...mail('grace@example.com', 'second'), sentAt: '2026-01-01T12:00:01.000Z' },
      { ...mail('ada@example.com', 'first'), sentAt: '2026-01-01T12:00:00.000Z' },
    ]);
  });

  it('filters by recipient ignoring case', async () => {
    const outbox = outboxMailer({ log: false });
    await outbox.send(mail('Ada@Example.com', 'one'));
    await outbox.send(mail('grace@example.com', 'two'));
    await outbox.send(mail('ada@example.com', 'three'));
    expect(outbox.messages('ADA@example.COM').map((m) => m.subject)).toEqual(['three', 'one']);
    expect(outbox.messages('nobody@example.com')).toEqual([]);
  });

  it('drops the oldest beyond the limit, and clear() forgets everything', async () => {
    const outbox = outboxMailer({ limit: 2, log: false });
    for (const s of ['a', 'b', 'c']) await outbox.send(mail('ada@example.com', s));
    expect(outbox.messages().map((m) => m.subject)).toEqual(['c', 'b']);
    outbox.clear();
    expect(outbox.messages()).toEqual([]);
  });

  it('hands out copies: changing one does not change the outbox', async () => {
    const outbox = outboxMailer({ log: false });
    await outbox.send(mail('ada@example.com', 'one'));
    outbox.messages()[0]!.subject = 'changed';
    expect(outbox.messages()[0]!.subject).toBe('one');
  });

  it('logs recipient, subject and text body to a given function', async () => {
    const lines: string[] = [];
    const outbox = outboxMailer({ log: (line) => lines.push(line) });
    await outbox.send(mail('ada@example.com', 'Your code'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ada@example.com');
    expect(lines[0]).toContain('Your code');
    expect(lines[0]).toContain('text of Your code');
  });

  it('prints the code of a real OTP mail, so a new app can verify its first account', async () => {
    const lines: string[] = [];
    const outbox = outboxMailer({ log: (line) => lines.push(line) });
    await outbox.send(renderMail(otpMail({ appName: 'Acme', to: 'ada@example.com', purpose: 'verify-email', code: '402913', ttlMinutes: 5 }), undefined) as MailMessage);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[vaultkit outbox\] mail to ada@example\.com .*: Verify your email address - Acme\n/);
    expect(lines[0]).toMatch(/^ {2}402913$/m);
    expect(lines[0]).not.toContain('<p>'); // the text body, not the HTML
  });

  it('prints to the console by default unless NODE_ENV is production or test', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const quiet of ['production', 'test', 'Production ', 'TEST']) {
      vi.stubEnv('NODE_ENV', quiet);
      await outboxMailer().send(mail('ada@example.com', `quiet in ${quiet}`));
    }
    expect(log).not.toHaveBeenCalled();

    // Unset is what a fresh app started with `node server.js` has: the case that printed nothing before.
    const loud = [undefined, 'development', 'staging'];
    for (const value of loud) {
      vi.stubEnv('NODE_ENV', value);
      await outboxMailer().send(mail('ada@example.com', `loud in ${value ?? 'unset'}`));
    }
    expect(log.mock.calls.map(([line]) => String(line).split('\n')[0])).toEqual(
      loud.map((value) => expect.stringContaining(`loud in ${value ?? 'unset'}`)),
    );
  });

  it('log: false and log: true override NODE_ENV', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'development');
    await outboxMailer({ log: false }).send(mail('ada@example.com', 'silenced'));
    expect(log).not.toHaveBeenCalled();
    vi.stubEnv('NODE_ENV', 'test');
    await outboxMailer({ log: true }).send(mail('ada@example.com', 'forced'));
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain('forced');
  });

  it('createVault with no mailer prints a registration code that verifies, with NODE_ENV unset', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', undefined);
    const vault = createVault({ tokens: { secret: SECRET }, passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true } });
    try {
      await vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
      await vi.waitFor(() => expect(log).toHaveBeenCalled());
      const printed = log.mock.calls.map(([line]) => String(line)).join('\n');
      expect(printed).toContain('mail to ada@example.com');
      const code = printed.match(/^ {2}(\d{6})$/m)?.[1];
      expect(code).toMatch(/^\d{6}$/);
      // The printed code is the real one: it activates the account.
      await expect(vault.auth.verifyEmail({ email: 'ada@example.com', code: code! })).resolves.toBeTruthy();
    } finally {
      await vault.close();
    }
  });

  it('isOutboxMailer tells the embedded outbox from any other mailer', () => {
    expect(isOutboxMailer(outboxMailer({ log: false }))).toBe(true);
    const lookalike = { ...outboxMailer({ log: false }) };
    expect(isOutboxMailer(lookalike)).toBe(false);
    expect(isOutboxMailer({ send: async () => {} })).toBe(false);
    expect(isOutboxMailer(undefined)).toBe(false);
  });

  it('answers ping', async () => {
    await expect(outboxMailer({ log: false }).ping!()).resolves.toBeUndefined();
  });
});
