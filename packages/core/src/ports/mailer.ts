/** A message with a plain-text and an HTML body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The mailer port. `send` resolves once the message is accepted for delivery and rejects when it
 * was not (vaultkit retries in the background where a failure must stay invisible).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Answers when the transport responds (for `/ready`). */
  ping?(): Promise<void>;
  dispose?(): Promise<void>;
}
