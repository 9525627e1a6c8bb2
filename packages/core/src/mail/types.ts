import type { MailMessage } from '../ports/mailer.js';

export interface MailQueue {
  /** Sends now; rejects with `DependencyError` when the mailer fails (the caller may show it). */
  sendNow(message: MailMessage): Promise<void>;
  /**
   * Sends without letting a failure show: retried in the background with bounded backoff, and
   * `mail.failed` is emitted when it gives up. Used where a visible failure would reveal whether
   * an account exists.
   */
  sendQuietly(message: MailMessage): Promise<void>;
  /** Resolves when no retry is pending (tests, graceful shutdown). */
  drain(): Promise<void>;
}
