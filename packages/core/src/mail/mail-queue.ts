import { DependencyError } from '../errors/index.js';
import type { VaultEvents } from '../events/types.js';
import type { VaultLogger } from '../logging/logger.js';
import type { Mailer, MailMessage } from '../ports/mailer.js';
import { defaultSubject, renderMail } from './render-mail.js';
import type { MailDraft, MailTemplates } from './templates.js';
import type { MailQueue } from './types.js';

export interface MailRetryOptions {
  /** Tries in all, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry; doubled each time. @default 1000 */
  baseDelayMs?: number;
  /** Upper bound of one delay. @default 60000 */
  maxDelayMs?: number;
}

/** What the queue is built from (`createVault` passes its own). */
export interface MailQueueContext {
  mailer: Mailer;
  events: VaultEvents;
  retry?: MailRetryOptions;
  /** The app's replacements of the built-in mails. @default {} */
  templates?: MailTemplates;
  /** Told when an app template fails (the mail is then not sent). @default none */
  logger?: VaultLogger;
}

/**
 * Renders each draft (the app's template or the default one), then sends it in one of two ways:
 * `sendNow` (a failure is a 503 the caller may show) and `sendQuietly` (fire-and-forget, retried
 * in the background with exponential backoff and jitter, then `mail.failed`). Retry timers are
 * `unref()`ed, so they never keep the process alive.
 *
 * @example
 * const mail = createMailQueue({ mailer, events });
 * mail.sendQuietly(otpMail({ appName, to, purpose: 'reset-password', code, ttlMinutes: 5 }));
 */
export function createMailQueue(ctx: MailQueueContext): MailQueue {
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

  /** A template bug is not retried (it would fail the same way): reported once, mail not sent. */
  const templateFailed = (draft: MailDraft, error: unknown): void => {
    const label = errorLabel(error);
    ctx.logger?.error(`The "${draft.template}" mail template failed (${label}); the mail was not sent`);
    ctx.events.emit('mail.failed', { to: draft.data.to, subject: defaultSubject(draft), attempts: 0, error: label });
    settle();
  };

  return {
    async sendNow(draft) {
      // A failing app template is a bug, not an outage: it surfaces as it is (a 500).
      const message = await renderMail(draft, ctx.templates);
      try {
        await ctx.mailer.send(message);
      } catch (cause) {
        throw new DependencyError('mailer', { cause });
      }
    },

    sendQuietly(draft) {
      pending += 1;
      let rendered: MailMessage | Promise<MailMessage>;
      try {
        rendered = renderMail(draft, ctx.templates);
      } catch (error) {
        templateFailed(draft, error);
        return;
      }
      if (rendered instanceof Promise) rendered.then((message) => tryOnce(message, 1), (error: unknown) => templateFailed(draft, error));
      else tryOnce(rendered, 1);
    },

    drain() {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/**
 * `Name`, `Name (CODE)` or `Name (CODE 550)`, then the same for its `cause` (an adapter's
 * `DependencyError` wraps the transport's error): enough to diagnose, never the error text,
 * which could echo the mail body (and its code) or a server's answer.
 */
function errorLabel(error: unknown): string {
  const own = labelOf(error);
  const cause = error instanceof Error ? error.cause : undefined;
  return cause === undefined ? own : `${own} <- ${labelOf(cause)}`;
}

function labelOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  // `originalCode`: the system code a transport replaced with its own (ESOCKET over ECONNREFUSED).
  const { code, originalCode, responseCode } = error as { code?: unknown; originalCode?: unknown; responseCode?: unknown };
  const parts = [code, originalCode, responseCode].filter((p) => typeof p === 'string' || typeof p === 'number');
  return parts.length > 0 ? `${error.name} (${parts.join(' ')})` : error.name;
}
