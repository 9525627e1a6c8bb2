/*
 * @vaultkit/nodemailer: the Mailer port on nodemailer.
 *
 * Adapters import only @vaultkit/core's public entry points (`@vaultkit/core`), never its files.
 * Retries, templates and the "a failure never reveals an account" rule live in the core's mail
 * queue; this file only sends one message and translates nodemailer's errors.
 */
import { DependencyError, type Mailer, type MailMessage } from '@vaultkit/core';
import type { SentMessageInfo } from 'nodemailer';
import { openTransport, type NodemailerTransportInput } from './transport.js';

export interface NodemailerMailerOptions {
  /**
   * The sender (From header and envelope sender): `'Acme <no-reply@acme.com>'` or
   * `{ name: 'Acme', address: 'no-reply@acme.com' }`. With Gmail, the account's own address
   * (or one of its verified aliases).
   */
  from: string | { name: string; address: string };
  /** A Reply-To header on every mail. @default none */
  replyTo?: string;
  /** Extra headers on every mail (`{ 'X-Entity-Ref-ID': 'vaultkit' }`). @default {} */
  headers?: Record<string, string>;
}

const ADAPTER_NAME = 'mailer';

/**
 * The vaultkit mailer on nodemailer. `send` resolves once the server accepted the message and
 * rejects with a `DependencyError` (503, the nodemailer error as `cause`, no credentials in the
 * message) on a 4xx/5xx answer, a refused or timed-out connection or a failed login; the core
 * retries mails in the background. `ping` (for `/ready`) is `transporter.verify()`; `dispose`
 * closes the transport only when this function created it (from a URL or options).
 *
 * @example
 * import { createVault } from '@vaultkit/core';
 * import { nodemailerMailer } from '@vaultkit/nodemailer';
 *
 * const vault = createVault({
 *   tokens: { secret: process.env.JWT_SECRET! },
 *   mailer: nodemailerMailer(process.env.SMTP_URL!, { from: 'Acme <no-reply@acme.com>' }),
 * });
 */
export function nodemailerMailer(transport: NodemailerTransportInput, options: NodemailerMailerOptions): Mailer {
  const from = checkFrom(options?.from);
  const { transporter, owned } = openTransport(transport);
  let disposed = false;

  return {
    async send(message: MailMessage): Promise<void> {
      let info: SentMessageInfo;
      try {
        info = await transporter.sendMail({
          from,
          // An address object, not a string: nodemailer parses a string as a list, and one
          // recipient must never become several.
          to: { name: '', address: message.to },
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
          ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
          // Bodies are strings; nothing in a mail may make nodemailer read a file or fetch a URL.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (cause) {
        throw new DependencyError(ADAPTER_NAME, { cause });
      }
      // An SMTP server may accept the transaction and still refuse the one recipient.
      if (info.rejected?.length || info.pending?.length) {
        const cause = (info.rejectedErrors as Error[] | undefined)?.[0] ?? Object.assign(new Error('The recipient was not accepted'), { code: 'EENVELOPE' });
        throw new DependencyError(ADAPTER_NAME, { cause });
      }
    },

    async ping(): Promise<void> {
      try {
        // Connects (and logs in) and says goodbye; a transport without `verify` answers `false`.
        await transporter.verify();
      } catch (cause) {
        throw new DependencyError(ADAPTER_NAME, { cause });
      }
    },

    async dispose(): Promise<void> {
      if (!owned || disposed) return;
      disposed = true;
      transporter.close();
    },
  };
}

// --- internal ---

function checkFrom(from: unknown): string | { name: string; address: string } {
  if (typeof from === 'string' && from.trim() !== '') return from;
  if (typeof from === 'object' && from !== null) {
    const { name, address } = from as { name?: unknown; address?: unknown };
    if (typeof address === 'string' && address.trim() !== '') return { name: typeof name === 'string' ? name : '', address };
  }
  throw new TypeError("nodemailerMailer: `from` is required, e.g. { from: 'Acme <no-reply@acme.com>' }");
}
