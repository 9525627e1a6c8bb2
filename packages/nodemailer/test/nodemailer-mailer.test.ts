/**
 * `nodemailerMailer` against a real SMTP server on loopback: what reaches the server, how
 * failures (4xx, 5xx, refused connection, refused login) come out, and what `dispose` closes.
 *
 * @see issue 12 (nodemailer)
 */
import { inspect } from 'node:util';
import nodemailer from 'nodemailer';
import { closedPort } from '@vaultkit/testkit';
import { describe, expect, it } from 'vitest';
import { nodemailerMailer } from '../src/index.js';
import { useSmtpServers } from './helpers/smtp-server.js';

const from = 'Acme <no-reply@acme.example>';
const message = {
  to: 'ada@example.com',
  subject: 'Verify your email address - Acme',
  text: 'Use this code to verify your email address:\n\n042917\n\n- Acme',
  html: '<!doctype html>\n<html><body><p>Use this code:</p>\n<p><b>042917</b></p></body></html>',
};

const start = useSmtpServers();

/** The rejection of `promise` (fails the test when it resolves). */
const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error & { code?: string; status?: number; cause?: Error & { code?: string; responseCode?: number; originalCode?: string } },
  );

describe('nodemailerMailer - send', () => {
  it('maps every field: From and envelope sender, To and envelope recipient, subject, text and HTML as multipart/alternative', async () => {
    const smtp = await start();
    const mailer = nodemailerMailer(smtp.url(), { from, replyTo: 'support@acme.example', headers: { 'X-Entity-Ref-ID': 'vaultkit' } });
    await mailer.send(message);
    await mailer.dispose?.();
    expect(smtp.messages).toHaveLength(1);
    const got = smtp.messages[0]!;
    expect(got.mailFrom).toBe('no-reply@acme.example');
    expect(got.rcptTo).toEqual(['ada@example.com']);
    expect(got.headers.get('from')).toBe('Acme <no-reply@acme.example>');
    expect(got.headers.get('to')).toBe('ada@example.com');
    expect(got.headers.get('reply-to')).toBe('support@acme.example');
    expect(got.headers.get('x-entity-ref-id')).toBe('vaultkit');
    expect(got.contentType).toMatch(/^multipart\/alternative;/);
    expect(got.subject).toBe(message.subject);
    expect(got.text.replace(/\r\n/g, '\n')).toBe(message.text);
    expect(got.html.replace(/\r\n/g, '\n')).toBe(message.html);
    // The code a user types, in both bodies, never in the subject.
    expect(got.text).toContain('042917');
    expect(got.html).toContain('042917');
  });

  it('takes `from` as { name, address }, with a non-ASCII name', async () => {
    const smtp = await start();
    const mailer = nodemailerMailer(smtp.url(), { from: { name: 'Café Zoë', address: 'hello@cafe.example' } });
    await mailer.send(message);
    const got = smtp.messages[0]!;
    expect(got.mailFrom).toBe('hello@cafe.example');
    expect(got.headers.get('from')).toMatch(/^=\?UTF-8\?[QB]\?.+\?= <hello@cafe\.example>$/);
  });

  it('one recipient never becomes several (a list in `to` is not split)', async () => {
    const smtp = await start();
    const mailer = nodemailerMailer(smtp.url(), { from });
    await mailer.send({ ...message, to: 'ada@example.com, mallory@evil.example' }).catch(() => undefined);
    expect(smtp.messages.flatMap((m) => m.rcptTo)).not.toContain('mallory@evil.example');
    expect(smtp.counts.rcpt).toBeLessThanOrEqual(1);
  });

  it('a line break in the subject adds no header', async () => {
    const smtp = await start();
    const mailer = nodemailerMailer(smtp.url(), { from });
    await mailer.send({ ...message, subject: 'Hello\r\nBcc: mallory@evil.example\r\nX-Injected: yes' });
    const got = smtp.messages[0]!;
    expect(got.rcptTo).toEqual(['ada@example.com']);
    expect(got.headers.has('x-injected')).toBe(false);
    expect(got.headers.has('bcc')).toBe(false);
  });

  it('ping logs in and answers while the server is up', async () => {
    const smtp = await start({ auth: { user: 'u', pass: 'right' } });
    await expect(nodemailerMailer(smtp.url(), { from }).ping!()).resolves.toBeUndefined();
    expect(smtp.counts.auth).toBe(1);
  });
});

describe('nodemailerMailer - failures are DependencyErrors (503) keeping the cause', () => {
  it('a 4xx answer to RCPT TO', async () => {
    const smtp = await start({ onRcpt: () => ({ code: 450, message: 'Mailbox busy, try later' }) });
    const error = await rejectionOf(nodemailerMailer(smtp.url(), { from }).send(message));
    expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503, message: 'The mailer is temporarily unavailable' });
    expect(error.cause).toMatchObject({ code: 'EENVELOPE', responseCode: 450 });
    expect(smtp.messages).toEqual([]);
  });

  it('a 5xx answer to DATA', async () => {
    const smtp = await start({ onData: () => ({ code: 554, message: 'Message rejected as spam' }) });
    const error = await rejectionOf(nodemailerMailer(smtp.url(), { from }).send(message));
    expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    expect(error.cause).toMatchObject({ code: 'EMESSAGE', responseCode: 554 });
    expect(smtp.counts.data).toBe(1);
  });

  it('a refused connection (send and ping)', async () => {
    const mailer = nodemailerMailer(`smtp://127.0.0.1:${await closedPort()}`, { from });
    const sent = await rejectionOf(mailer.send(message));
    expect(sent).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE' });
    expect(inspect(sent.cause)).toContain('ECONNREFUSED');
    await expect(mailer.ping!()).rejects.toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('a refused login: nothing of the password in the error, its message or its cause', async () => {
    const pass = 'Sup3r-Secret-Pa55';
    const smtp = await start({ auth: { user: 'vaultkit', pass: 'the-right-one' } });
    const mailer = nodemailerMailer(`smtp://vaultkit:${pass}@127.0.0.1:${smtp.port}/?ignoreTLS=true`, { from });
    for (const error of [await rejectionOf(mailer.send(message)), await rejectionOf(mailer.ping!())]) {
      expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE' });
      expect(error.cause).toMatchObject({ code: 'EAUTH', responseCode: 535 });
      const everything = `${error.message} ${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`;
      expect(everything).not.toContain(pass);
      expect(everything).not.toContain(Buffer.from(`\0vaultkit\0${pass}`).toString('base64'));
    }
  });
});

describe('nodemailerMailer - arguments', () => {
  it('an invalid SMTP URL is a TypeError that does not quote it (nor lets Node print it)', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (const url of ['smtp://user:hunter2@exa mple.com:25', 'smtp://user:hunter2@host:port', 'not a url hunter2']) {
        expect(() => nodemailerMailer(url, { from })).toThrow(TypeError);
        try {
          nodemailerMailer(url, { from });
        } catch (error) {
          expect(`${(error as Error).message} ${inspect(error)}`).not.toContain('hunter2');
        }
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.join('\n')).not.toContain('hunter2');
  });

  it('only smtp:// and smtps:// URLs', () => {
    expect(() => nodemailerMailer('https://user:hunter2@mail.example', { from })).toThrow(new TypeError('nodemailerMailer: the SMTP URL must start with smtp:// or smtps:// (got https://)'));
    expect(() => nodemailerMailer({ url: 'http://mail.example' } as never, { from })).toThrow(TypeError);
  });

  it('`from` is required', () => {
    for (const options of [undefined, {}, { from: '' }, { from: { name: 'Acme' } }]) {
      expect(() => nodemailerMailer('smtp://127.0.0.1:25', options as never)).toThrow(/`from` is required/);
    }
  });

  it('anything but a URL, options or a transporter is a TypeError', () => {
    expect(() => nodemailerMailer(42 as never, { from })).toThrow(TypeError);
    expect(() => nodemailerMailer(null as never, { from })).toThrow(TypeError);
  });

  it('transport options (host, port, auth) work like a URL', async () => {
    const smtp = await start({ auth: { user: 'u', pass: 'p' } });
    const mailer = nodemailerMailer({ host: '127.0.0.1', port: smtp.port, ignoreTLS: true, auth: { user: 'u', pass: 'p' } }, { from });
    await mailer.send(message);
    expect(smtp.messages[0]!.rcptTo).toEqual(['ada@example.com']);
  });
});

describe('nodemailerMailer - dispose closes only what it opened', () => {
  it('a pooled transport made from the URL is closed (its connection ends)', async () => {
    const smtp = await start();
    const mailer = nodemailerMailer(smtp.url('pool=true'), { from });
    await mailer.send(message);
    expect(smtp.openConnections()).toBe(1);
    await mailer.dispose!();
    await expect.poll(() => smtp.openConnections()).toBe(0);
  });

  it('the app’s own transporter stays open and usable', async () => {
    const smtp = await start();
    const transporter = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port: smtp.port, ignoreTLS: true });
    try {
      const mailer = nodemailerMailer(transporter, { from });
      await mailer.send(message);
      await mailer.dispose!();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(smtp.openConnections()).toBe(1);
      await transporter.sendMail({ from, to: 'grace@example.com', subject: 's', text: 't' });
      expect(smtp.messages.map((m) => m.rcptTo[0])).toEqual(['ada@example.com', 'grace@example.com']);
    } finally {
      transporter.close();
    }
  });
});
