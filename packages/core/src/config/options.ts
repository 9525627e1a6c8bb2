import type { KeyObject } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { VaultLogger } from '../logging/logger.js';
import type { MailTemplates } from '../mail/templates.js';
import type { Mailer } from '../ports/mailer.js';
import type { Storage } from '../ports/storage.js';
import type { Uploader } from '../ports/uploader.js';
import type { RateLimiterFactory } from '../rate-limit/limiter-factory.js';
import type { Duration } from './duration.js';

/** An asymmetric signing key of the key ring. */
export interface SigningKeyOptions {
  /** Key id written to the JWT header. */
  kid: string;
  alg: 'RS256' | 'ES256' | 'HS256';
  /** PEM, or a `KeyObject`; absent for verification-only (retired) keys. */
  privateKey?: string | KeyObject;
  /** PEM or `KeyObject` (for HS256 the shared secret, raw bytes, at least 32). */
  publicKey: string | KeyObject | Buffer;
}

/** A rate-limit budget: `points` requests per `duration`. */
export interface RateLimitPolicy {
  points: number;
  duration: Duration;
}

export type RateLimitBucket = 'general' | 'register' | 'login' | 'verifyOtp' | 'resendOtp' | 'forgotPassword' | 'upload';

export interface VaultOptions {
  /** @default memoryStorage() — fine for one process and for tests. */
  storage?: Storage;
  /** @default outboxMailer() — keeps messages in memory. */
  mailer?: Mailer;
  /**
   * Where uploaded files go (avatar, cover, assets).
   * @default localDiskUploader({ directory: join(os.tmpdir(), 'vaultkit-uploads'), baseUrl: '/uploads' })
   */
  uploader?: Uploader;
  /** @default the system clock */
  clock?: Clock;
  /** Receives unexpected errors and warnings (core and the framework adapters). @default consoleLogger */
  logger?: VaultLogger;
  /** Name used in mails. @default "vaultkit" */
  appName?: string;
  /** The mails vaultkit sends: their templates and how failed sends are retried. */
  mail?: {
    /**
     * Replacements for the built-in mails, by name (`verifyEmail`, `loginCode`, `resetPassword`,
     * `loginNotification`, `passwordChanged`, `duplicateRegistration`); each returns
     * `{ subject, text, html }` and escapes what it puts into `html` (`escapeHtml`).
     * @default the built-in `defaultMailTemplates`
     */
    templates?: MailTemplates;
    /**
     * Mails whose failure must not show (codes, notices) are retried in the background with
     * exponential backoff and jitter; `mail.failed` is emitted when the last try fails.
     */
    retry?: {
      /** Tries in all, the first included (1 to 20). @default 5 */
      attempts?: number;
      /** Delay before the first retry, doubled for each next one. @default "1s" */
      baseDelay?: Duration;
      /** Upper bound of one delay. @default "60s" */
      maxDelay?: Duration;
    };
  };
  tokens: {
    /**
     * The server secret, used as raw UTF-8 bytes (at least 32) for HS256 and, through HKDF, for
     * the OTP HMAC key, the sealed-pair key and the default password pepper.
     */
    secret: string;
    /** Asymmetric key ring; the first key with a private key signs. @default HS256 with `secret` */
    keys?: SigningKeyOptions[];
    /** @default "15m" */
    accessTtl?: Duration;
    /** @default "7d" */
    refreshTtl?: Duration;
    /** Absolute session cap. @default "30d" */
    refreshAbsoluteTtl?: Duration;
    /** @default 10 */
    reuseGraceSeconds?: number;
    /** @default "vaultkit" */
    issuer?: string;
    /** @default "vaultkit" */
    audience?: string;
    /** @default 0 */
    clockToleranceSeconds?: number;
    /** Verified-signature cache entries (the revocation check is never cached). @default 10000 */
    verifyCacheSize?: number;
  };
  passwords?: {
    /** Unicode code points. @default 8 */
    minLength?: number;
    /** At least 64, at most 256. @default 256 */
    maxLength?: number;
    /** @default 11 */
    bcryptCost?: number;
    /**
     * bcrypt hashes and compares run in libuv's thread pool; at most this many at once, the rest
     * wait their turn. One core stays free for the event loop, so a burst of logins cannot starve
     * every other request of the app. @default max(1, os.availableParallelism() - 1)
     */
    maxConcurrentHashes?: number;
    /** Peppers by id; the first one hashes new passwords. @default one derived from `tokens.secret` */
    peppers?: { id: string; secret: string }[];
    /** Return true to refuse a password known from breaches. */
    isBreached?: (password: string) => boolean | Promise<boolean>;
    /** Test-only: allows a bcrypt cost below 10. Never set it in production. */
    UNSAFE_allowLowCostForTests?: boolean;
  };
  otp?: {
    /** @default "5m" */
    ttl?: Duration;
    /** @default 5 */
    maxAttempts?: number;
    /** @default "15m" */
    lockDuration?: Duration;
  };
  auth?: {
    /** @default true */
    requireEmailVerification?: boolean;
    /** @default "optional" */
    twoFactor?: 'off' | 'optional' | 'required';
    /** Mail the user after each successful login. @default true */
    loginNotification?: boolean;
    /** @default "10m" */
    resetTokenTtl?: Duration;
  };
  /** Role → permissions (`"*"` grants all). @default { user: [...], admin: ["*"] } */
  roles?: Record<string, string[]>;
  rateLimits?: {
    /** Multiplies every budget (benchmarks from one client). @default 1 */
    scale?: number;
    /** Builds limiters (memory by default; Redis/Postgres/Mongo through rate-limiter-flexible). */
    factory?: RateLimiterFactory;
    policies?: Partial<Record<RateLimitBucket, RateLimitPolicy | false>>;
    /** Consecutive failed logins per account before a lock. `false` disables. @default { maxFailures: 10, duration: "15m" } */
    accountLock?: { maxFailures: number; duration: Duration } | false;
    /** Minimum time between two OTP mails to one address. @default "60s" */
    resendCooldown?: Duration;
    /** OTP and reset mails per address. @default { points: 3, duration: "1h" } */
    mailPerAddress?: RateLimitPolicy;
    /** Which headers limited routes send. @default "legacy" (X-RateLimit-*) */
    headers?: 'legacy' | 'ietf' | 'both';
  };
  /** Limits of uploads (DESIGN §8). Sizes are bytes. */
  media?: {
    /**
     * The largest file of each kind, enforced while the bytes flow (413, upload aborted).
     * @default { image: 10485760, video: 209715200 } (10 MiB, 200 MiB)
     */
    maxBytes?: { image?: number; video?: number };
    /** The largest text field of a multipart form (413 beyond). @default 65536 */
    maxFieldBytes?: number;
    /** The most parts (text fields and the file) one multipart form may have (413 beyond). @default 20 */
    maxParts?: number;
  };
  http?: {
    /** @default "/api/v1" */
    prefix?: string;
    /** Origins allowed to make cookie-authenticated unsafe requests. @default [] */
    trustedOrigins?: string[];
    /** @default "both" */
    tokenTransport?: 'both' | 'cookie' | 'body';
    /**
     * Proxies in front of the server whose `X-Forwarded-*` headers are trusted. A number is the
     * count of proxy hops (`1` behind one nginx or load balancer): the client address is that many
     * entries from the right of `X-Forwarded-For`, so an address a client wrote into the header
     * itself is never used. `true` trusts every hop (the left-most entry): only behind a proxy
     * that overwrites the header. @default false
     */
    trustProxy?: boolean | number;
    cookies?: {
      /** `"auto"`: Secure and `__Host-`/`__Secure-` names over https. @default "auto" */
      secure?: boolean | 'auto';
      accessName?: string;
      refreshName?: string;
    };
  };
}
