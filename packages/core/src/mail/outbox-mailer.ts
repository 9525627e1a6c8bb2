import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Mailer, MailMessage } from '../ports/mailer.js';

/** A message kept by the outbox, with the time it was accepted. */
export type OutboxMessage = MailMessage & {
  /** ISO 8601. */
  sentAt: string;
};

/** A mailer that keeps what it sends in memory: the embedded default, for development and tests. */
export interface OutboxMailer extends Mailer {
  /** Kept messages, newest first; `to` filters by recipient, ignoring case. */
  messages(to?: string): OutboxMessage[];
  /** Forgets every kept message. */
  clear(): void;
}

export interface OutboxMailerOptions {
  /**
   * How many messages are kept; the oldest are dropped beyond it.
   * @default 1000
   */
  limit?: number;
  /**
   * Write each mail (recipient, subject and text body, so the code of an OTP mail) to the
   * console, or to this function. Decided when the mailer is created.
   * @default true unless `NODE_ENV` is "production" or "test"
   */
  log?: boolean | ((line: string) => void);
  /** Where `sentAt` comes from. @default the system clock */
  clock?: Clock;
}

/**
 * The outbox mailer: keeps messages in memory (bounded) and prints each one to the console
 * unless `NODE_ENV` is "production" or "test", so that a new app (where `NODE_ENV` is usually
 * unset) can read its first verification code from the terminal. It delivers nothing: never use
 * it in production (`createVault` warns when it does).
 *
 * @example
 * const mailer = outboxMailer();
 * const vault = createVault({ mailer, tokens: { secret } });
 * const [latest] = mailer.messages('ada@example.com');
 */
export function outboxMailer(options: OutboxMailerOptions = {}): OutboxMailer {
  const limit = Math.max(1, options.limit ?? 1000);
  const clock = options.clock ?? systemClock;
  const log = resolveLog(options.log);
  // Oldest first internally; reversed on read.
  let kept: OutboxMessage[] = [];

  const mailer: OutboxMailer = {
    async send(message) {
      const entry: OutboxMessage = {
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        sentAt: new Date(clock.now()).toISOString(),
      };
      kept.push(entry);
      if (kept.length > limit) kept.splice(0, kept.length - limit);
      log?.(formatMail(entry));
    },
    async ping() {},
    messages(to) {
      const wanted = to?.toLowerCase();
      return kept
        .filter((m) => wanted === undefined || m.to.toLowerCase() === wanted)
        .reverse()
        .map((m) => ({ ...m }));
    },
    clear() {
      kept = [];
    },
  };
  outboxes.add(mailer);
  return mailer;
}

/**
 * Whether `mailer` was made by `outboxMailer()`: the embedded mailer that delivers nothing.
 * `createVault` uses it to warn when the outbox runs in production.
 *
 * @example
 * if (isOutboxMailer(options.mailer)) console.warn('mail is not delivered');
 */
export function isOutboxMailer(mailer: unknown): mailer is OutboxMailer {
  return typeof mailer === 'object' && mailer !== null && outboxes.has(mailer);
}

// --- internal ---

// A WeakSet rather than a marker property: nothing visible on the object, nothing to spoof.
const outboxes = new WeakSet<object>();

/** Quiet in production (codes must not reach the logs) and in test runs (noise); any casing. */
const QUIET_ENVS = new Set(['production', 'test']);

function resolveLog(option: OutboxMailerOptions['log']): ((line: string) => void) | undefined {
  if (typeof option === 'function') return option;
  const enabled = option ?? !QUIET_ENVS.has((process.env.NODE_ENV ?? '').trim().toLowerCase());
  return enabled ? (line) => console.log(line) : undefined;
}

/** One block per mail: who, what, and the text body (where an OTP mail has its code). */
function formatMail(entry: OutboxMessage): string {
  const body = entry.text
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
  return `[vaultkit outbox] mail to ${entry.to} (kept in memory, not delivered): ${entry.subject}\n${body}`;
}
