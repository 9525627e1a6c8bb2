/*
 * Example servers: the one place that picks storage, mailer and uploader from the environment.
 * This release ships only the embedded defaults; when the real adapters land, they are chosen
 * here and nowhere else.
 */
import { outboxMailer, type Mailer, type OutboxMailer, type Storage } from '@vaultkit/core';
import type { Env } from './settings.js';

/** The adapters handed to `createVault`, and what the operator should know about them. */
export interface PickedAdapters {
  /** `undefined`: the embedded memory storage. */
  storage: Storage | undefined;
  mailer: Mailer;
  /** The outbox when the mailer is the embedded one (the dev inbox reads it), else `null`. */
  outbox: OutboxMailer | null;
  /** One line per variable that asks for an adapter this release does not have yet. */
  warnings: string[];
}

/** Variables that will select a real adapter, and the package that will provide it. */
const NOT_YET: [variable: string, adapter: string][] = [
  ['MONGODB_URI', '@vaultkit/mongoose (storage)'],
  ['DATABASE_URL', '@vaultkit/postgres (storage)'],
  ['REDIS_URL', '@vaultkit/redis (sessions, revocations, codes, rate limits)'],
  ['SMTP_URL', '@vaultkit/nodemailer (mailer)'],
  ['CLOUDINARY_URL', '@vaultkit/cloudinary (uploader)'],
];

/**
 * Picks the adapters from `env`. Today: memory storage and the outbox mailer, with a clear
 * warning for each variable that names an adapter not in this release (so nobody believes
 * their data is in MongoDB when it is in memory).
 *
 * @example
 * const { storage, mailer, outbox, warnings } = pickAdapters(process.env);
 */
export function pickAdapters(env: Env): PickedAdapters {
  const warnings = NOT_YET.filter(([variable]) => (env[variable] ?? '').trim() !== '').map(
    ([variable, adapter]) => `${variable} is set, but ${adapter} is not in this release yet: the embedded default is used instead.`,
  );
  const production = env.NODE_ENV === 'production';
  if (production) warnings.push('NODE_ENV=production with the embedded defaults: data lives in memory and mail is not delivered.');
  // OTP mails on the console help in a terminal demo; tests and production stay quiet.
  const outbox = outboxMailer({ log: !production && env.NODE_ENV !== 'test' });
  return { storage: undefined, mailer: outbox, outbox, warnings };
}
