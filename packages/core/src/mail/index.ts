export { outboxMailer, type OutboxMailer, type OutboxMailerOptions, type OutboxMessage } from './outbox-mailer.js';
export { createMailQueue, type MailQueueContext, type MailRetryOptions } from './mail-queue.js';
export {
  otpMail,
  loginNotificationMail,
  passwordChangedMail,
  duplicateRegistrationMail,
  type OtpMailPurpose,
  type MailBaseData,
  type OtpMailData,
  type MailTemplateData,
  type MailTemplateName,
  type MailContent,
  type MailTemplate,
  type MailTemplates,
  type MailDraft,
} from './templates.js';
export { defaultMailTemplates, escapeHtml } from './default-templates.js';
export { renderMail } from './render-mail.js';
export type { MailQueue } from './types.js';
