export { outboxMailer, type OutboxMailer, type OutboxMailerOptions, type OutboxMessage } from './outbox-mailer.js';
export { createMailQueue, type MailRetryOptions } from './mail-queue.js';
export {
  otpMail,
  loginNotificationMail,
  passwordChangedMail,
  duplicateRegistrationMail,
  escapeHtml,
  type OtpMailPurpose,
} from './templates.js';
export type { MailQueue } from './types.js';
