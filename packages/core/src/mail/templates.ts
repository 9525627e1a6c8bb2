import type { MailMessage } from '../ports/mailer.js';

/** What an OTP mail is for. */
export type OtpMailPurpose = 'verify-email' | 'login' | 'reset-password';

const OTP_WORDING: Record<OtpMailPurpose, { subject: string; intro: string; ignore: string }> = {
  'verify-email': {
    subject: 'Verify your email address',
    intro: 'Use this code to verify your email address:',
    ignore: 'If you did not create an account, you can ignore this email.',
  },
  login: {
    subject: 'Your sign-in code',
    intro: 'Your password was accepted. Use this code to finish the email verification step of your sign-in:',
    ignore: 'If you did not try to sign in, someone knows your password: change it now.',
  },
  'reset-password': {
    subject: 'Reset your password',
    intro: 'Use this code to reset your password:',
    ignore: 'If you did not ask for a reset, you can ignore this email; your password is unchanged.',
  },
};

/**
 * A one-time code mail. The code is never put in the subject (subjects show up in notifications
 * and in `mail.failed` events).
 *
 * @example
 * mail.sendQuietly(otpMail({ appName: 'Acme', to, purpose: 'verify-email', code, ttlMinutes: 5 }));
 */
export function otpMail(input: { appName: string; to: string; purpose: OtpMailPurpose; code: string; ttlMinutes: number }): MailMessage {
  const w = OTP_WORDING[input.purpose];
  const expiry = `The code expires in ${input.ttlMinutes} minute${input.ttlMinutes === 1 ? '' : 's'} and works once.`;
  return compose(input, `${w.subject} - ${input.appName}`, [
    { text: w.intro },
    { text: input.code, code: true },
    { text: expiry },
    { text: w.ignore },
  ]);
}

/**
 * Sent after a successful sign-in, so the owner notices one that was not theirs.
 *
 * @example
 * mail.sendQuietly(loginNotificationMail({ appName, to: user.email, at: new Date(), ip, userAgent }));
 */
export function loginNotificationMail(input: {
  appName: string;
  to: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}): MailMessage {
  return compose(input, `New sign-in to your ${input.appName} account`, [
    { text: `Your account was signed in to on ${formatDate(input.at)}.` },
    { text: `IP address: ${input.ip ?? 'unknown'}` },
    { text: `Device: ${input.userAgent ?? 'unknown'}` },
    { text: 'If this was not you, change your password and sign out of all sessions.' },
  ]);
}

/**
 * Sent after a password change or reset.
 *
 * @example
 * mail.sendQuietly(passwordChangedMail({ appName, to: user.email, at: new Date() }));
 */
export function passwordChangedMail(input: { appName: string; to: string; at: Date }): MailMessage {
  return compose(input, `Your ${input.appName} password was changed`, [
    { text: `The password of your account was changed on ${formatDate(input.at)}.` },
    { text: 'If you did not do this, reset your password at once.' },
  ]);
}

/**
 * Sent instead of a verification code when someone registers with an address that already has an
 * account: registration answers the same either way, so it reveals nothing.
 *
 * @example
 * mail.sendQuietly(duplicateRegistrationMail({ appName, to: existing.email }));
 */
export function duplicateRegistrationMail(input: { appName: string; to: string }): MailMessage {
  return compose(input, `Sign-up attempt with your ${input.appName} address`, [
    { text: `Someone tried to create a ${input.appName} account with this email address, which already has one.` },
    { text: 'If it was you, sign in, or reset your password if you have forgotten it.' },
    { text: 'If it was not you, you can ignore this email; nothing was changed.' },
  ]);
}

/**
 * Escapes the five HTML-significant characters.
 *
 * @example
 * escapeHtml('<b>"Ada"</b>') // '&#60;b&#62;&#34;Ada&#34;&#60;/b&#62;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// --- internal ---

interface Paragraph {
  text: string;
  code?: boolean;
}

function compose(input: { appName: string; to: string }, subject: string, paragraphs: Paragraph[]): MailMessage {
  const text = [...paragraphs.map((p) => p.text), `- ${input.appName}`].join('\n\n');
  const body = paragraphs
    .map((p) =>
      p.code
        ? `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(p.text)}</p>`
        : `<p>${escapeHtml(p.text)}</p>`,
    )
    .join('\n');
  const html =
    `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n` +
    `<p style="color:#666">${escapeHtml(input.appName)}</p>\n</body></html>`;
  // A line break in a subject could start a new mail header.
  return { to: input.to, subject: subject.replace(/[\r\n]+/g, ' '), text, html };
}

function formatDate(at: Date): string {
  return at.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}
