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
   * Write each mail (recipient, subject, text body) to the console, or to this function.
   * @default true only when `NODE_ENV` is "development"
   */
  log?: boolean | ((line: string) => void);
  /** Where `sentAt` comes from. @default the system clock */
  clock?: Clock;
}

/**
 * The outbox mailer: keeps messages in memory (bounded) and, in development, logs them so that
 * OTP codes can be read from the console. Never use it in production: it delivers nothing.
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

  return {
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
      log?.(`[vaultkit outbox] to ${entry.to}: ${entry.subject}\n${entry.text}`);
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
}

function resolveLog(option: OutboxMailerOptions['log']): ((line: string) => void) | undefined {
  if (typeof option === 'function') return option;
  const enabled = option ?? process.env.NODE_ENV === 'development';
  return enabled ? (line) => console.log(line) : undefined;
}
