export { nodemailerMailer, type NodemailerMailerOptions } from './nodemailer-mailer.js';
export type { NodemailerTransportInput } from './transport.js';
