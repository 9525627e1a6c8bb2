import type { MailDraft } from './templates.js';

export interface MailQueue {
  /**
   * Renders and sends now; rejects with `DependencyError` when the mailer fails (the caller may
   * show it), and with the template's own error when an app template fails.
   */
  sendNow(mail: MailDraft): Promise<void>;
  /**
   * Fire-and-forget: returns at once, so that a mail to a known address and no mail at all cost
   * the caller the same time. Tries immediately; a failure never shows: it is retried in the
   * background with bounded exponential backoff, and `mail.failed` is emitted when it gives up.
   * Used where a visible failure would reveal whether an account exists. An app template that
   * fails is not retried: `mail.failed` with `attempts: 0`, and the logger is told.
   */
  sendQuietly(mail: MailDraft): void;
  /** Resolves when no send or retry is pending (tests, graceful shutdown). */
  drain(): Promise<void>;
}
