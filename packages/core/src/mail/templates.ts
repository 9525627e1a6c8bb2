import type { MailMessage } from '../ports/mailer.js';

/** What an OTP mail is for. */
export type OtpMailPurpose = 'verify-email' | 'login' | 'reset-password';

/** What every mail template receives. */
export interface MailBaseData {
  /** `appName` of `createVault`. */
  appName: string;
  /** The recipient (the mail goes there whatever the template returns). */
  to: string;
}

/** What the three code mails receive. */
export interface OtpMailData extends MailBaseData {
  /** The 6-digit code: put it in the bodies, never in the subject. */
  code: string;
  /** How long the code is valid, in minutes. */
  ttlMinutes: number;
}

/** The data of each mail vaultkit sends, by template name. */
export interface MailTemplateData {
  /** The code that verifies an address after registration (or `resend-otp`). */
  verifyEmail: OtpMailData;
  /** The code of the email verification step at sign-in. */
  loginCode: OtpMailData;
  /** The code of forgot-password. */
  resetPassword: OtpMailData;
  /** After each successful sign-in (`auth.loginNotification`). */
  loginNotification: MailBaseData & { at: Date; ip: string | null; userAgent: string | null };
  /** After a password change or reset. */
  passwordChanged: MailBaseData & { at: Date };
  /** To the owner, when someone registers with an address that already has an account. */
  duplicateRegistration: MailBaseData;
}

/** The name of one mail vaultkit sends. */
export type MailTemplateName = keyof MailTemplateData;

/** What a template returns: a subject and both bodies (the recipient is not its to choose). */
export type MailContent = Omit<MailMessage, 'to'>;

/**
 * One mail template. It may be async (a React Email or MJML render). Every value it puts into
 * `html` must be escaped (`escapeHtml`): `ip` and `userAgent` come from the client.
 */
export type MailTemplate<K extends MailTemplateName> = (data: Readonly<MailTemplateData[K]>) => MailContent | Promise<MailContent>;

/**
 * Replacements for the built-in mails (`createVault({ mail: { templates } })`); the missing ones
 * keep the defaults (`defaultMailTemplates`).
 *
 * @example
 * const templates: MailTemplates = {
 *   verifyEmail: ({ appName, code }) => ({
 *     subject: `Welcome to ${appName}`,
 *     text: `Your code: ${code}`,
 *     html: `<p>Your code: <b>${escapeHtml(code)}</b></p>`,
 *   }),
 * };
 */
export type MailTemplates = { [K in MailTemplateName]?: MailTemplate<K> };

/** A mail to send: which template, with which data. The mail queue renders it. */
export type MailDraft = { [K in MailTemplateName]: { template: K; data: MailTemplateData[K] } }[MailTemplateName];

const OTP_TEMPLATE: Record<OtpMailPurpose, 'verifyEmail' | 'loginCode' | 'resetPassword'> = {
  'verify-email': 'verifyEmail',
  login: 'loginCode',
  'reset-password': 'resetPassword',
};

/**
 * A one-time code mail, rendered by the queue with the app's template or the default one.
 *
 * @example
 * mail.sendQuietly(otpMail({ appName: 'Acme', to, purpose: 'verify-email', code, ttlMinutes: 5 }));
 */
export function otpMail(input: { appName: string; to: string; purpose: OtpMailPurpose; code: string; ttlMinutes: number }): MailDraft {
  return { template: OTP_TEMPLATE[input.purpose], data: { appName: input.appName, to: input.to, code: input.code, ttlMinutes: input.ttlMinutes } };
}

/**
 * Sent after a successful sign-in, so the owner notices one that was not theirs.
 *
 * @example
 * mail.sendQuietly(loginNotificationMail({ appName, to: user.email, at: new Date(), ip, userAgent }));
 */
export function loginNotificationMail(data: MailTemplateData['loginNotification']): MailDraft {
  return { template: 'loginNotification', data: { ...data } };
}

/**
 * Sent after a password change or reset.
 *
 * @example
 * mail.sendQuietly(passwordChangedMail({ appName, to: user.email, at: new Date() }));
 */
export function passwordChangedMail(data: MailTemplateData['passwordChanged']): MailDraft {
  return { template: 'passwordChanged', data: { ...data } };
}

/**
 * Sent instead of a verification code when someone registers with an address that already has an
 * account: registration answers the same either way, so it reveals nothing.
 *
 * @example
 * mail.sendQuietly(duplicateRegistrationMail({ appName, to: existing.email }));
 */
export function duplicateRegistrationMail(data: MailTemplateData['duplicateRegistration']): MailDraft {
  return { template: 'duplicateRegistration', data: { ...data } };
}
