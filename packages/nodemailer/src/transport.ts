/*
 * @vaultkit/nodemailer: turns what the app gave (an SMTP URL, transport options, a transport
 * plugin or a ready transporter) into one nodemailer transporter, and remembers whether the
 * adapter opened it (then `dispose()` closes it; the app's own transporter is never closed).
 */
import nodemailer, { type Transport, type TransportConfig, type Transporter } from 'nodemailer';

/**
 * What `nodemailerMailer` accepts: an SMTP URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`, `?pool=true` for a pooled transport), nodemailer transport options (Gmail
 * OAuth2 among them), a transport plugin instance, or a transporter from
 * `nodemailer.createTransport()`.
 */
export type NodemailerTransportInput = string | Transporter | Transport | TransportConfig;

/**
 * Timeouts for transports the adapter creates, where the URL or the options set none.
 * nodemailer's own (2 minutes to connect, 10 minutes of socket silence) would hold `/ready` and
 * each retry of the mail queue far longer than a dead server deserves.
 */
export const DEFAULT_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 } as const;

/** The transporter to use, and whether `dispose()` is ours to call on it. */
export interface OpenedTransport {
  transporter: Transporter;
  owned: boolean;
}

/**
 * Resolves the input. Errors never quote the URL: it usually carries the SMTP password.
 *
 * @example
 * const { transporter, owned } = openTransport(process.env.SMTP_URL!);
 */
export function openTransport(input: NodemailerTransportInput): OpenedTransport {
  if (typeof input === 'string') {
    assertSmtpUrl(input);
    return { transporter: nodemailer.createTransport({ ...DEFAULT_TIMEOUTS, url: input }), owned: true };
  }
  if (typeof input !== 'object' || input === null) throw new TypeError(`${CALL}: expected an SMTP URL, transport options or a nodemailer transporter`);
  // A transporter made by the app (createTransport): used as it is, closed by the app.
  if (typeof (input as Partial<Transporter>).sendMail === 'function') return { transporter: input as Transporter, owned: false };
  // A transport plugin instance (it has `send`): wrapped, but its connections stay the app's.
  if (typeof (input as Partial<Transport>).send === 'function') return { transporter: nodemailer.createTransport(input as Transport), owned: false };
  const options = input as TransportConfig & { url?: unknown };
  if (options.url !== undefined) assertSmtpUrl(options.url);
  return { transporter: nodemailer.createTransport({ ...DEFAULT_TIMEOUTS, ...options } as TransportConfig), owned: true };
}

// --- internal ---

const CALL = 'nodemailerMailer';

function assertSmtpUrl(value: unknown): void {
  let protocol: string;
  try {
    // WHATWG parsing first: nodemailer's legacy parser has Node print an invalid URL, password
    // included, in a deprecation warning. No `cause`: URL errors carry the input.
    protocol = new URL(value as string).protocol;
  } catch {
    throw new TypeError(`${CALL}: the SMTP URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)`);
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new TypeError(`${CALL}: the SMTP URL must start with smtp:// or smtps:// (got ${protocol}//)`);
}
