/*
 * Example servers: builds the vault both servers use, from the settings and the picked adapters.
 */
import { createVault, localDiskUploader, type LocalDiskUploader, type OutboxMailer, type Vault } from '@vaultkit/core';
import { pickAdapters } from './adapters.js';
import { loadSettings, type Env, type ExampleSettings } from './settings.js';
import { UPLOADS_PATH } from './uploads.js';

/** A configured vault with what the server around it needs. */
export interface ExampleVault {
  vault: Vault;
  settings: ExampleSettings;
  /** The outbox behind `/dev/outbox`; `null` in production or with a real mailer. */
  outbox: OutboxMailer | null;
  /** The local-disk uploader whose files the server serves under `/uploads/`; `null` with a remote uploader. */
  uploads: LocalDiskUploader | null;
  /** Other origins the page may load user images and videos from (the CSP's `img-src`/`media-src`). */
  mediaOrigins: string[];
}

/** Where start-up messages go. @default console */
export interface ExampleLogger {
  info(line: string): void;
  warn(line: string): void;
}

/**
 * Reads `env`, warns about what deserves it, creates the vault and, with `ADMIN_EMAIL` +
 * `ADMIN_PASSWORD`, the verified admin account. Rejects on an invalid environment or
 * configuration (the message lists every problem).
 *
 * @example
 * const { vault, settings, outbox } = await setupVault(process.env, console);
 */
export async function setupVault(env: Env, logger: ExampleLogger): Promise<ExampleVault> {
  const settings = loadSettings(env);
  const adapters = await pickAdapters(env);
  for (const line of [...settings.warnings, ...adapters.warnings]) logger.warn(`[vaultkit example] warning: ${line}`);

  // Without CLOUDINARY_URL: files under UPLOAD_DIR, served by the server itself under /uploads/ (uploads.ts).
  const uploads = adapters.uploader ? null : localDiskUploader({ directory: settings.uploadDir, baseUrl: UPLOADS_PATH });
  let vault: Vault;
  try {
    vault = createVault({
      storage: adapters.storage,
      mailer: adapters.mailer,
      uploader: adapters.uploader ?? uploads ?? undefined,
      appName: 'vaultkit demo',
      tokens: { secret: settings.jwtSecret },
      // Below 10 only reaches here under NODE_ENV=test (settings.ts refuses it otherwise).
      passwords: settings.bcryptCost === undefined ? undefined : { bcryptCost: settings.bcryptCost, UNSAFE_allowLowCostForTests: settings.bcryptCost < 10 },
      rateLimits: { scale: settings.rateLimitScale, factory: adapters.rateLimitFactory },
      // The vault reads X-Forwarded-* only under TRUST_PROXY, and then only after each server has
      // pinned them to what the trusted hops vouch for (forwarded-headers.ts).
      http: { trustedOrigins: settings.trustedOrigins, trustProxy: settings.trustProxy !== false },
    });
  } catch (error) {
    await adapters.dispose();
    throw error;
  }
  // The vault closes only its embedded defaults; both servers' shutdown ends with `vault.close()`,
  // so the adapters opened from the environment are released right after it.
  vault = withAdapterDisposal(vault, adapters.dispose);
  if (settings.admin) {
    try {
      await vault.admin.ensureAdmin(settings.admin);
    } catch (error) {
      await vault.close();
      throw error;
    }
    logger.info(`[vaultkit example] admin account ready: ${settings.admin.email}`);
  }
  const outbox = settings.production ? null : adapters.outbox;
  return { vault, settings, outbox, uploads, mediaOrigins: adapters.mediaOrigins };
}

// --- internal ---

function withAdapterDisposal(vault: Vault, dispose: () => Promise<void>): Vault {
  const closeVault = vault.close.bind(vault);
  return Object.assign(vault, {
    async close() {
      try {
        await closeVault();
      } finally {
        await dispose();
      }
    },
  });
}
