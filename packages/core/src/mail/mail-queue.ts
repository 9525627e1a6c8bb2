import { DependencyError } from '../errors/index.js';
import type { VaultEvents } from '../events/types.js';
import type { Mailer, MailMessage } from '../ports/mailer.js';
import type { MailQueue } from './types.js';

export interface MailRetryOptions {
  /** Tries in all, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry; doubled each time. @default 1000 */
  baseDelayMs?: number;
  /** Upper bound of one delay. @default 60000 */
  maxDelayMs?: number;
}

/**
 * Sends mail in two ways: `sendNow` (a failure is a 503 the caller may show) and `sendQuietly`
 * (fire-and-forget, retried in the background with exponential backoff and jitter, then
 * `mail.failed`). Retry timers are `unref()`ed, so they never keep the process alive.
 *
 * @example
 * const mail = createMailQueue({ mailer, events });
 * mail.sendQuietly(otpMail({ appName, to, purpose: 'reset-password', code, ttlMinutes: 5 }));
 */
export function createMailQueue(ctx: { mailer: Mailer; events: VaultEvents; retry?: MailRetryOptions }): MailQueue {
  const attempts = Math.max(1, ctx.retry?.attempts ?? 5);
  const baseDelayMs = Math.max(0, ctx.retry?.baseDelayMs ?? 1000);
  const maxDelayMs = Math.max(baseDelayMs, ctx.retry?.maxDelayMs ?? 60_000);
  let pending = 0;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    pending -= 1;
    if (pending > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  /** Exponential backoff with "equal jitter": between half and all of the capped delay. */
  const delayFor = (retry: number): number => {
    const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
    return capped / 2 + Math.random() * (capped / 2);
  };

  const tryOnce = (message: MailMessage, attempt: number): void => {
    // `new Promise` also catches a mailer that throws synchronously.
    new Promise<void>((resolve) => resolve(ctx.mailer.send(message))).then(settle, (error: unknown) => {
      if (attempt >= attempts) {
        // Only the error's name/code: a message could echo the mail body (and its code).
        ctx.events.emit('mail.failed', { to: message.to, subject: message.subject, attempts: attempt, error: errorLabel(error) });
        settle();
        return;
      }
      setTimeout(() => tryOnce(message, attempt + 1), delayFor(attempt)).unref();
    });
  };

  return {
    async sendNow(message) {
      try {
        await ctx.mailer.send(message);
      } catch (cause) {
        throw new DependencyError('mailer', { cause });
      }
    },

    sendQuietly(message) {
      pending += 1;
      tryOnce({ ...message }, 1);
    },

    drain() {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/** `Name` or `Name (CODE)`: enough to diagnose, never the error text. */
function errorLabel(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${error.name} (${code})` : error.name;
}
