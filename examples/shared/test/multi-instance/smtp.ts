/*
 * A real SMTP server on loopback for the fault tests (helper, not a test file itself): it keeps
 * what it receives, and can be closed ("down": connections refused) and opened again on the
 * same port. No TLS (STARTTLS disabled), no AUTH; the servers' SMTP_URL says `ignoreTLS`.
 */
import { SMTPServer } from 'smtp-server';
import { closedPort } from '@vaultkit/testkit';

/** One received message: envelope recipients, subject and the raw source. */
export interface ReceivedMessage {
  to: string[];
  subject: string;
  raw: string;
}

export interface LoopbackSmtp {
  /** `smtp://127.0.0.1:<port>/?ignoreTLS=true`, the same across restarts. */
  url: string;
  messages: ReceivedMessage[];
  /** Stops listening and cuts open connections: further connections are refused. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
}

/** Starts the server on a free port. */
export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const port = await closedPort();
  const messages: ReceivedMessage[] = [];
  let server: SMTPServer | null = null;

  const open = async () => {
    const next = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
          messages.push({ to: session.envelope.rcptTo.map((a) => a.address.toLowerCase()), subject, raw });
          callback(null);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
  };
  const close = async () => {
    const running = server;
    server = null;
    if (!running) return;
    // smtp-server waits for open sessions; nodemailer's unpooled transport holds none for long.
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  await open();
  return { url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`, messages, close, open };
}

/** The 6-digit code on a line of its own in the newest message to `to` whose subject matches. */
export function codeIn(messages: ReceivedMessage[], to: string, subject: RegExp): string | undefined {
  const mail = messages.filter((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject)).pop();
  return mail ? /^\s*(\d{6})\s*$/m.exec(mail.raw)?.[1] : undefined;
}
