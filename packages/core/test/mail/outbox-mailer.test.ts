import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { outboxMailer } from '../../src/mail/outbox-mailer.js';

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

  it('logs to the console by default only in development', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'production');
    await outboxMailer().send(mail('ada@example.com', 'quiet'));
    vi.stubEnv('NODE_ENV', 'test');
    await outboxMailer().send(mail('ada@example.com', 'quiet'));
    expect(log).not.toHaveBeenCalled();
    vi.stubEnv('NODE_ENV', 'development');
    await outboxMailer().send(mail('ada@example.com', 'loud'));
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]![0])).toContain('loud');
  });

  it('answers ping', async () => {
    await expect(outboxMailer({ log: false }).ping!()).resolves.toBeUndefined();
  });
});
