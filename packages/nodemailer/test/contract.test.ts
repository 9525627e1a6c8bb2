/**
 * The mailer contract on nodemailer, against a real SMTP server on loopback that checks AUTH:
 * once over a plain SMTP URL and once pooled (`?pool=true`).
 *
 * @see issue 12 (nodemailer: recipient, subject, code, both bodies; a refused connection)
 */
import { closedPort, mailerContract } from '@vaultkit/testkit';
import { afterAll, beforeAll } from 'vitest';
import { nodemailerMailer } from '../src/index.js';
import { startSmtp, type TestSmtp } from './helpers/smtp-server.js';

const auth = { user: 'vaultkit@example.com', pass: 'sm7p p@ss/wörd' };
const from = 'Acme <no-reply@acme.example>';
let smtp: TestSmtp;
let downPort: number;

beforeAll(async () => {
  smtp = await startSmtp({ auth });
  downPort = await closedPort();
});
afterAll(() => smtp.close());

const shared = {
  receive: () => smtp.received(),
  makeUnreachable: () => nodemailerMailer(`smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${downPort}`, { from }),
  secrets: [auth.pass, encodeURIComponent(auth.pass)],
};

mailerContract('nodemailer (SMTP URL, AUTH)', () => nodemailerMailer(smtp.url(), { from }), shared);
mailerContract('nodemailer (pooled SMTP URL)', () => nodemailerMailer(smtp.url('pool=true&maxConnections=3'), { from }), shared);
