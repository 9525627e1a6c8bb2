import type { MailMessage } from '../ports/mailer.js';

export interface MailQueue {
  /** Sends now; rejects with `DependencyError` when the mailer fails (the caller may show it). */
  sendNow(message: MailMessage): Promise<void>;
  /**
   * Fire-and-forget: returns at once, so that a mail to a known address and no mail at all cost
   * the caller the same time. Tries immediately; a failure never shows: it is retried in the
   * background with bounded exponential backoff, and `mail.failed` is emitted when it gives up.
   * Used where a visible failure would reveal whether an account exists.
   */
  sendQuietly(message: MailMessage): void;
  /** Resolves when no send or retry is pending (tests, graceful shutdown). */
  drain(): Promise<void>;
}
