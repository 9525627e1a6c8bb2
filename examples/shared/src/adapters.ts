/*
 * Example servers: the one place that picks storage, mailer, uploader and rate limits from the
 * environment (DESIGN §7a). Nothing set: the embedded defaults, so the demo runs with nothing
 * installed. Whatever this opens, `dispose` closes at shutdown.
 */
import { composeStorage, memoryStorage, outboxMailer, type Mailer, type OutboxMailer, type RateLimiterFactory, type Storage, type Uploader } from '@vaultkit/core';
import { cloudinaryUploader } from '@vaultkit/cloudinary';
import { mongooseStorage, syncIndexes } from '@vaultkit/mongoose';
import { nodemailerMailer } from '@vaultkit/nodemailer';
import { migrate, postgresStorage } from '@vaultkit/postgres';
import { redisHotState } from '@vaultkit/redis';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import type { Env } from './settings.js';

/** The adapters handed to `createVault`, and what the operator should know about them. */
export interface PickedAdapters {
  /** `undefined`: the embedded memory storage. */
  storage: Storage | undefined;
  mailer: Mailer;
  /** The outbox when the mailer is the embedded one (the dev inbox reads it), else `null`. */
  outbox: OutboxMailer | null;
  /** `null`: the local-disk uploader under `UPLOAD_DIR` (vault-setup.ts builds it). */
  uploader: Uploader | null;
  /** Origins the uploader's file URLs point at, for the page's CSP (`[]`: the server's own `/uploads/`). */
  mediaOrigins: string[];
  /** Redis-backed rate limits (`REDIS_URL`); `undefined`: the core's per-process memory limits. */
  rateLimitFactory: RateLimiterFactory | undefined;
  /** Start-up warnings (never a secret: no URL is repeated). */
  warnings: string[];
  /** Closes every pool, client and transport opened here; run after `vault.close()`. */
  dispose(): Promise<void>;
}

/** PostgreSQL rows past their deadline are reclaimed this often (packages/postgres README). */
const SWEEP_INTERVAL_MS = 15 * 60_000;
const DEFAULT_FROM = 'vaultkit demo <no-reply@localhost>';
/** Where Cloudinary's `secure_url`s point (the SDK's default delivery host). */
const CLOUDINARY_DELIVERY_ORIGIN = 'https://res.cloudinary.com';

/**
 * Picks and opens the adapters from `env`: `DATABASE_URL` (PostgreSQL, migrated here) or
 * `MONGODB_URI` (MongoDB, indexes synced here) for storage, `REDIS_URL` for sessions,
 * revocations, codes and rate limits, `SMTP_URL` for mail, `CLOUDINARY_URL` for uploads.
 * Rejects, having closed what it opened, when a service cannot be reached.
 *
 * @example
 * const adapters = await pickAdapters(process.env);
 */
export async function pickAdapters(env: Env): Promise<PickedAdapters> {
  const warnings: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  const dispose = async () => {
    // Reverse order: the last opened depends on nothing opened after it.
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };
  try {
    const base = await openBaseStorage(env, warnings, closers);
    const redisUrl = value(env, 'REDIS_URL');
    let storage = base;
    let rateLimitFactory: RateLimiterFactory | undefined;
    if (redisUrl) {
      // Fail fast while Redis is down (503) instead of queueing requests.
      const redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      // ioredis reconnects by itself; without a listener each failure would print a stack.
      redis.on('error', (error: Error) => console.error('[vaultkit example] redis:', error.message));
      closers.push(async () => {
        if (redis.status === 'ready') await redis.quit();
        else redis.disconnect();
      });
      await redis.connect();
      const hot = redisHotState(redis);
      storage = composeStorage(base ?? memoryStorage(), hot);
      rateLimitFactory = hot.rateLimits.factory;
    }

    const production = env.NODE_ENV === 'production';
    const smtpUrl = value(env, 'SMTP_URL');
    let mailer: Mailer;
    let outbox: OutboxMailer | null = null;
    if (smtpUrl) {
      mailer = nodemailerMailer(smtpUrl, { from: value(env, 'MAIL_FROM') || DEFAULT_FROM });
      const smtp = mailer;
      closers.push(async () => smtp.dispose?.());
    } else {
      // OTP mails on the console help in a terminal demo; tests and production stay quiet.
      outbox = outboxMailer({ log: !production && env.NODE_ENV !== 'test' });
      mailer = outbox;
    }

    const cloudinaryUrl = value(env, 'CLOUDINARY_URL');
    const uploader = cloudinaryUrl ? cloudinaryUploader(cloudinaryUrl) : null;

    if (production && !storage) warnings.push('NODE_ENV=production with the embedded storage: data lives in memory (set DATABASE_URL or MONGODB_URI).');
    if (production && outbox) warnings.push('NODE_ENV=production without SMTP_URL: mail is not delivered.');
    const mediaOrigins = uploader ? [CLOUDINARY_DELIVERY_ORIGIN] : [];
    return { storage, mailer, outbox, uploader, mediaOrigins, rateLimitFactory, warnings, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

// --- internal ---

function value(env: Env, name: string): string {
  return (env[name] ?? '').trim();
}

/** The accounts store: PostgreSQL, MongoDB, or `undefined` (memory, or memory under Redis). */
async function openBaseStorage(env: Env, warnings: string[], closers: Array<() => Promise<void>>): Promise<Storage | undefined> {
  const databaseUrl = value(env, 'DATABASE_URL');
  const mongoUri = value(env, 'MONGODB_URI');
  if (databaseUrl) {
    if (mongoUri) warnings.push('DATABASE_URL and MONGODB_URI are both set: PostgreSQL is used, MONGODB_URI is ignored.');
    await migrate(databaseUrl); // creates or upgrades the tables; safe from many processes at once
    const storage = postgresStorage(databaseUrl); // its own pool, which dispose() ends
    closers.push(() => storage.dispose());
    const sweep = setInterval(() => {
      storage.sweep().catch((error: unknown) => console.error('[vaultkit example] postgres sweep failed:', error instanceof Error ? error.message : error));
    }, SWEEP_INTERVAL_MS);
    sweep.unref();
    closers.push(async () => clearInterval(sweep));
    return storage;
  }
  if (mongoUri) {
    const connection = mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 5_000, bufferCommands: false });
    closers.push(() => connection.close());
    await connection.asPromise();
    await syncIndexes(connection); // collections, unique and TTL indexes; the storage creates nothing
    return mongooseStorage(connection);
  }
  return undefined;
}
