/**
 * A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed. No TLS
 * (STARTTLS disabled), so it runs anywhere; AUTH PLAIN/LOGIN is checked when `auth` is given,
 * XOAUTH2 when `accessToken` is. Faults are injected per RCPT TO / DATA with SMTP reply codes.
 */
import type { AddressInfo } from 'node:net';
import type { ReceivedMail } from '@vaultkit/testkit';
import { SMTPServer } from 'smtp-server';
import { afterEach } from 'vitest';
import { parseMail, type ParsedMail } from './parse-mime.js';

export interface SmtpFault {
  /** e.g. 450 (try later) or 550 (no such mailbox). */
  code: number;
  message: string;
}

export interface TestSmtpOptions {
  /** Require this login (PLAIN or LOGIN). @default none: AUTH optional */
  auth?: { user: string; pass: string };
  /** Require XOAUTH2 with this user and access token. */
  oauth2?: { user: string; accessToken: string };
  /** Called for each RCPT TO (`n` counts them from 1): a fault refuses the recipient. */
  onRcpt?: (n: number) => SmtpFault | undefined;
  /** Called for each DATA (`n` counts them from 1): a fault refuses the message. */
  onData?: (n: number) => SmtpFault | undefined;
}

export interface ReceivedRaw extends ParsedMail {
  /** Envelope recipients. */
  rcptTo: string[];
  /** Envelope sender. */
  mailFrom: string;
  raw: string;
}

export interface TestSmtp {
  port: number;
  /** `smtp://[user:pass@]127.0.0.1:port` with nodemailer's `ignoreTLS` (no STARTTLS here). */
  url(query?: string): string;
  /** Every accepted message, parsed. */
  messages: ReceivedRaw[];
  /** The accepted messages as the mailer contract reads them: one entry per envelope recipient. */
  received(): ReceivedMail[];
  /** RCPT TO and DATA commands seen, refused ones included. */
  counts: { rcpt: number; data: number; auth: number };
  /** Client connections open right now. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedRaw[] = [];
  const counts = { rcpt: 0, data: 0, auth: 0 };
  const fault = (f: SmtpFault | undefined) => (f ? Object.assign(new Error(f.message), { responseCode: f.code }) : undefined);
  const requireAuth = options.auth !== undefined || options.oauth2 !== undefined;

  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    authOptional: !requireAuth,
    allowInsecureAuth: true,
    authMethods: options.oauth2 ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      counts.auth += 1;
      const ok = options.oauth2
        ? auth.method === 'XOAUTH2' && auth.username === options.oauth2.user && auth.accessToken === options.oauth2.accessToken
        : auth.username === options.auth?.user && auth.password === options.auth?.pass;
      if (!ok) return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      counts.rcpt += 1;
      callback(fault(options.onRcpt?.(counts.rcpt)) ?? null);
    },
    onData(stream, session, callback) {
      counts.data += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const error = fault(options.onData?.(counts.data));
        if (error) return callback(error);
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          ...parseMail(raw),
          raw,
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const creds = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';

  return {
    port,
    url: (query = '') => `smtp://${creds}127.0.0.1:${port}/?ignoreTLS=true${query ? `&${query}` : ''}`,
    messages,
    counts,
    openConnections: () => server.connections.size,
    received: () => messages.flatMap((m) => m.rcptTo.map((to) => ({ to, subject: m.subject, text: m.text, html: m.html }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * `startSmtp` for one test file: every server a test started is closed after that test.
 *
 * @example
 * const start = useSmtpServers();
 * const smtp = await start({ auth: { user, pass } });
 */
export function useSmtpServers(): typeof startSmtp {
  const servers: TestSmtp[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options) => {
    const smtp = await startSmtp(options);
    servers.push(smtp);
    return smtp;
  };
}
