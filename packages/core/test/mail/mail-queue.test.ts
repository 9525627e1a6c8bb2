import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyError } from '../../src/errors/index.js';
import { createEvents } from '../../src/events/emitter.js';
import type { VaultEventMap } from '../../src/events/types.js';
import { createMailQueue } from '../../src/mail/mail-queue.js';
import { renderMail } from '../../src/mail/render-mail.js';
import { otpMail } from '../../src/mail/templates.js';
import type { Mailer, MailMessage } from '../../src/ports/mailer.js';

const resetTo = (to: string) => otpMail({ appName: 'vaultkit', to, purpose: 'reset-password', code: '493817', ttlMinutes: 5 });
const draft = resetTo('ada@example.com');
/** What the mailer receives for `draft`: the built-in template, rendered. */
const message = renderMail(draft, undefined) as MailMessage;

/** A mailer that fails its first `failures` sends (the error echoes the body, as some transports do). */
function flakyMailer(failures: number): Mailer & { calls: MailMessage[] } {
  const calls: MailMessage[] = [];
  return {
    calls,
    async send(m) {
      calls.push(m);
      if (calls.length <= failures) {
        const error = Object.assign(new Error(`550 rejected: ${m.text}`), { code: 'EENVELOPE' });
        throw error;
      }
    },
  };
}

function setup(mailer: Mailer, retry = { attempts: 5, baseDelayMs: 1, maxDelayMs: 4 }) {
  const events = createEvents();
  const failed: VaultEventMap['mail.failed'][] = [];
  events.on('mail.failed', (p) => failed.push(p));
  return { queue: createMailQueue({ mailer, events, retry }), failed };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('mail queue - sendQuietly', () => {
  it('sends at once and returns without waiting for the mailer', async () => {
    let release!: () => void;
    const calls: MailMessage[] = [];
    const mailer: Mailer = {
      send: (m) => {
        calls.push(m);
        return new Promise<void>((r) => (release = r));
      },
    };
    const { queue } = setup(mailer);
    expect(queue.sendQuietly(draft)).toBeUndefined();
    expect(calls).toHaveLength(1);
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    release();
    await draining;
    expect(drained).toBe(true);
  });

  it('retries a failing mailer and succeeds on the 3rd try, with no mail.failed', async () => {
    const mailer = flakyMailer(2);
    const { queue, failed } = setup(mailer);
    queue.sendQuietly(draft);
    await queue.drain();
    expect(mailer.calls).toHaveLength(3);
    expect(mailer.calls.every((m) => m.text === message.text)).toBe(true);
    expect(failed).toEqual([]);
  });

  it('gives up after N tries with exactly one mail.failed carrying no body text', async () => {
    const mailer = flakyMailer(Infinity);
    const { queue, failed } = setup(mailer, { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 });
    queue.sendQuietly(draft);
    await queue.drain();
    expect(mailer.calls).toHaveLength(3);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toEqual({ to: message.to, subject: message.subject, attempts: 3, error: 'Error (EENVELOPE)' });
    const payload = JSON.stringify(failed[0]);
    expect(payload).not.toContain('493817');
    expect(payload).not.toContain('550 rejected');
    // Nothing more happens later.
    await new Promise((r) => setTimeout(r, 20));
    expect(mailer.calls).toHaveLength(3);
    expect(failed).toHaveLength(1);
  });

  it('survives a mailer that throws synchronously', async () => {
    let calls = 0;
    const mailer = {
      send: () => {
        calls += 1;
        throw new TypeError('boom');
      },
    } as unknown as Mailer;
    const { queue, failed } = setup(mailer, { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 });
    expect(() => queue.sendQuietly(draft)).not.toThrow();
    await queue.drain();
    expect(calls).toBe(2);
    expect(failed.map((f) => f.error)).toEqual(['TypeError']);
  });

  it('drain waits for every pending mail and resolves at once when idle', async () => {
    await expect(setup(flakyMailer(0)).queue.drain()).resolves.toBeUndefined();
    const a = flakyMailer(1);
    const b = flakyMailer(2);
    const events = createEvents();
    const qa = createMailQueue({ mailer: a, events, retry: { baseDelayMs: 2, maxDelayMs: 8 } });
    const qb = createMailQueue({ mailer: b, events, retry: { baseDelayMs: 2, maxDelayMs: 8 } });
    qa.sendQuietly(draft);
    qa.sendQuietly(resetTo('grace@example.com'));
    qb.sendQuietly(draft);
    await Promise.all([qa.drain(), qb.drain()]);
    expect(a.calls.map((m) => m.to)).toEqual(['ada@example.com', 'grace@example.com', 'ada@example.com']);
    expect(b.calls).toHaveLength(3);
  });

  it('backs off exponentially within the cap, on timers that do not keep the process alive', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const mailer = flakyMailer(Infinity);
    const { queue, failed } = setup(mailer, { attempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 });
    queue.sendQuietly(draft);
    await vi.advanceTimersByTimeAsync(0);
    expect(mailer.calls).toHaveLength(1);
    // Retry delays (random pinned near 1): ~1000, ~2000, then capped at ~3000 (not ~4000),
    // each counted from the failure before it.
    const steps = [
      [990, 10],
      [1990, 10],
      [2990, 10],
    ] as const;
    for (const [before, after] of steps) {
      const count = mailer.calls.length;
      await vi.advanceTimersByTimeAsync(before);
      expect(mailer.calls).toHaveLength(count);
      await vi.advanceTimersByTimeAsync(after);
      expect(mailer.calls).toHaveLength(count + 1);
    }
    await queue.drain();
    expect(failed).toHaveLength(1);
    expect(timeouts).toHaveBeenCalledTimes(3);
    for (const result of timeouts.mock.results) {
      expect((result.value as NodeJS.Timeout).hasRef()).toBe(false);
    }
  });
});

describe('mail queue - sendNow', () => {
  it('sends through the mailer', async () => {
    const mailer = flakyMailer(0);
    await expect(setup(mailer).queue.sendNow(draft)).resolves.toBeUndefined();
    expect(mailer.calls).toEqual([message]);
  });

  it('a mailer failure is a 503 DependencyError keeping the cause, without retries', async () => {
    const mailer = flakyMailer(1);
    const error = await setup(mailer)
      .queue.sendNow(draft)
      .then(
        () => null,
        (e: unknown) => e as Error & { code: string; status: number },
      );
    expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    expect(error?.message).not.toContain('493817');
    expect((error?.cause as Error).message).toContain('550');
    expect(mailer.calls).toHaveLength(1);
  });
});

describe('mail queue - templates', () => {
  const templates = {
    resetPassword: async ({ code }: { code: string }) => ({ subject: 'Custom reset', text: `code ${code}`, html: `<p>code ${code}</p>` }),
  };

  it('sendQuietly and sendNow render with the app template', async () => {
    const mailer = flakyMailer(0);
    const queue = createMailQueue({ mailer, events: createEvents(), templates });
    queue.sendQuietly(draft);
    await queue.drain();
    await queue.sendNow(draft);
    expect(mailer.calls).toEqual([
      { to: 'ada@example.com', subject: 'Custom reset', text: 'code 493817', html: '<p>code 493817</p>' },
      { to: 'ada@example.com', subject: 'Custom reset', text: 'code 493817', html: '<p>code 493817</p>' },
    ]);
  });

  it.each([
    ['throws', () => {
      throw new RangeError('template bug with 493817');
    }],
    ['rejects', async () => {
      throw new RangeError('template bug with 493817');
    }],
  ])('a template that %s: not sent, not retried, one mail.failed with attempts 0, the logger told without the text', async (_how, resetPassword) => {
    const mailer = flakyMailer(0);
    const events = createEvents();
    const failed: VaultEventMap['mail.failed'][] = [];
    events.on('mail.failed', (p) => failed.push(p));
    const logged: unknown[][] = [];
    const logger = { warn: () => {}, error: (...args: unknown[]) => logged.push(args) };
    const queue = createMailQueue({ mailer, events, templates: { resetPassword }, logger, retry: { baseDelayMs: 1 } });
    expect(() => queue.sendQuietly(draft)).not.toThrow();
    await queue.drain();
    expect(mailer.calls).toEqual([]);
    expect(failed).toEqual([{ to: 'ada@example.com', subject: 'Reset your password - vaultkit', attempts: 0, error: 'RangeError' }]);
    expect(logged).toEqual([['The "resetPassword" mail template failed (RangeError); the mail was not sent']]);
  });

  it('sendNow lets a failing template surface as it is (a bug, not a 503), without sending', async () => {
    const mailer = flakyMailer(0);
    const queue = createMailQueue({ mailer, events: createEvents(), templates: { resetPassword: () => ({}) as never } });
    await expect(queue.sendNow(draft)).rejects.toThrow(TypeError);
    expect(mailer.calls).toEqual([]);
  });
});

describe('mail queue - mail.failed error label', () => {
  it('names an adapter error and its cause (code and SMTP reply code), never their text', async () => {
    const smtp = Object.assign(new Error('Can not send mail: 550 5.1.1 <ada@example.com> unknown, code 493817'), { code: 'EENVELOPE', responseCode: 550 });
    const mailer: Mailer = {
      send: async () => {
        throw new DependencyError('mailer', { cause: smtp });
      },
    };
    const { queue, failed } = setup(mailer, { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 });
    queue.sendQuietly(draft);
    await queue.drain();
    expect(failed.map((f) => f.error)).toEqual(['DependencyError (DEPENDENCY_UNAVAILABLE) <- Error (EENVELOPE 550)']);
    expect(JSON.stringify(failed)).not.toContain('493817');
  });
});
