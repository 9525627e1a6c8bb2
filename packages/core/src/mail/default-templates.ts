import type { MailContent, MailTemplateData, MailTemplateName } from './templates.js';

const OTP_WORDING = {
  verifyEmail: {
    subject: 'Verify your email address',
    intro: 'Use this code to verify your email address:',
    ignore: 'If you did not create an account, you can ignore this email.',
  },
  loginCode: {
    subject: 'Your sign-in code',
    intro: 'Your password was accepted. Use this code to finish the email verification step of your sign-in:',
    ignore: 'If you did not try to sign in, someone knows your password: change it now.',
  },
  resetPassword: {
    subject: 'Reset your password',
    intro: 'Use this code to reset your password:',
    ignore: 'If you did not ask for a reset, you can ignore this email; your password is unchanged.',
  },
} as const;

/**
 * The built-in mails: a plain-text and an HTML body each, every interpolated value escaped in
 * the HTML. Codes are never put in a subject (subjects show up in notifications and in
 * `mail.failed` events). An override can start from one of them.
 *
 * @example
 * createVault({
 *   tokens: { secret },
 *   mail: { templates: { verifyEmail: (data) => ({ ...defaultMailTemplates.verifyEmail(data), subject: 'Welcome!' }) } },
 * });
 */
export const defaultMailTemplates: { readonly [K in MailTemplateName]: (data: Readonly<MailTemplateData[K]>) => MailContent } = Object.freeze({
  verifyEmail: (data: Readonly<MailTemplateData['verifyEmail']>) => otpContent('verifyEmail', data),
  loginCode: (data: Readonly<MailTemplateData['loginCode']>) => otpContent('loginCode', data),
  resetPassword: (data: Readonly<MailTemplateData['resetPassword']>) => otpContent('resetPassword', data),

  loginNotification: (data: Readonly<MailTemplateData['loginNotification']>) =>
    compose(data.appName, `New sign-in to your ${data.appName} account`, [
      { text: `Your account was signed in to on ${formatDate(data.at)}.` },
      { text: `IP address: ${data.ip ?? 'unknown'}` },
      { text: `Device: ${data.userAgent ?? 'unknown'}` },
      { text: 'If this was not you, change your password and sign out of all sessions.' },
    ]),

  passwordChanged: (data: Readonly<MailTemplateData['passwordChanged']>) =>
    compose(data.appName, `Your ${data.appName} password was changed`, [
      { text: `The password of your account was changed on ${formatDate(data.at)}.` },
      { text: 'If you did not do this, reset your password at once.' },
    ]),

  duplicateRegistration: (data: Readonly<MailTemplateData['duplicateRegistration']>) =>
    compose(data.appName, `Sign-up attempt with your ${data.appName} address`, [
      { text: `Someone tried to create a ${data.appName} account with this email address, which already has one.` },
      { text: 'If it was you, sign in, or reset your password if you have forgotten it.' },
      { text: 'If it was not you, you can ignore this email; nothing was changed.' },
    ]),
});

/**
 * Escapes the five HTML-significant characters: for every value a template puts into `html`.
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

function otpContent(name: keyof typeof OTP_WORDING, data: Readonly<MailTemplateData['verifyEmail']>): MailContent {
  const w = OTP_WORDING[name];
  const expiry = `The code expires in ${data.ttlMinutes} minute${data.ttlMinutes === 1 ? '' : 's'} and works once.`;
  return compose(data.appName, `${w.subject} - ${data.appName}`, [{ text: w.intro }, { text: data.code, code: true }, { text: expiry }, { text: w.ignore }]);
}

function compose(appName: string, subject: string, paragraphs: Paragraph[]): MailContent {
  const text = [...paragraphs.map((p) => p.text), `- ${appName}`].join('\n\n');
  const body = paragraphs
    .map((p) =>
      p.code
        ? `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${escapeHtml(p.text)}</p>`
        : `<p>${escapeHtml(p.text)}</p>`,
    )
    .join('\n');
  const html =
    `<!doctype html>\n<html><body style="font-family:sans-serif;line-height:1.5">\n${body}\n` +
    `<p style="color:#666">${escapeHtml(appName)}</p>\n</body></html>`;
  return { subject, text, html };
}

function formatDate(at: Date): string {
  return at.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}
