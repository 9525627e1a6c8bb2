/** What `createVault` runs with, as far as the production check cares. */
export interface ProductionWarningsInput {
  /** `process.env.NODE_ENV` as the process has it (`undefined` when unset). */
  nodeEnv: string | undefined;
  /** `true` when the embedded memory storage is in use (no `storage` option, or `memoryStorage()` passed in). */
  memoryStorage: boolean;
  /** `true` when the outbox mailer is in use (no `mailer` option, or `outboxMailer()` passed in). */
  outboxMailer: boolean;
  /**
   * `true` when the local-disk uploader writes under `DEFAULT_UPLOAD_DIRECTORY` (no `uploader`
   * option, or `localDiskUploader` pointed at that temp folder).
   */
  defaultUploader: boolean;
}

/**
 * The start-up warnings for embedded defaults left in a production process: memory storage
 * loses every account at restart and is not shared between processes, the outbox delivers no
 * mail, so nobody can verify an address or reset a password, and the temp upload folder is
 * neither durable nor shared. Pure: the caller logs each line (through `vault.logger.warn`),
 * once, when the vault is created. Empty outside production.
 *
 * Memory rate limits are not warned about: they count correctly for one instance, and this
 * check cannot tell how many instances run.
 *
 * Each line names the package to install, not a docs page: an npm install has no docs/ folder.
 *
 * @example
 * for (const line of productionWarnings({ nodeEnv: process.env.NODE_ENV, memoryStorage: !options.storage, outboxMailer: true, defaultUploader: true })) {
 *   logger.warn(line);
 * }
 */
export function productionWarnings(input: ProductionWarningsInput): string[] {
  // Same reading as the outbox's console switch: "Production " is still production.
  if ((input.nodeEnv ?? '').trim().toLowerCase() !== 'production') return [];
  const warnings: string[] = [];
  if (input.memoryStorage) warnings.push(MEMORY_STORAGE);
  if (input.outboxMailer) warnings.push(OUTBOX_MAILER);
  if (input.defaultUploader) warnings.push(DEFAULT_UPLOADER);
  return warnings;
}

// --- internal ---

const MEMORY_STORAGE =
  'WARNING: NODE_ENV=production, but vaultkit is running on the in-memory storage: every account, ' +
  'session and code is lost at restart and is not shared between processes. Pass a storage adapter ' +
  'to createVault (`storage: yourStorage`; install @vaultkit/postgres or @vaultkit/mongoose).';

const OUTBOX_MAILER =
  'WARNING: NODE_ENV=production, but vaultkit is using the outbox mailer: no mail is delivered, so ' +
  'nobody can verify an address, finish an email sign-in step or reset a password. Pass a mailer to ' +
  'createVault (`mailer: { send({ to, subject, text, html }) { ... } }`; install @vaultkit/nodemailer for SMTP).';

const DEFAULT_UPLOADER =
  'WARNING: NODE_ENV=production, but vaultkit stores uploads in the temp folder: files are lost when ' +
  'it is cleared (a reboot, a new container) and are not shared between instances. Pass an uploader to createVault ' +
  '(`uploader: localDiskUploader({ directory })` on a durable volume; install @vaultkit/cloudinary for a shared store).';
