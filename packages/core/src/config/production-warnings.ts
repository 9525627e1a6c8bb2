/** What `createVault` runs with, as far as the production check cares. */
export interface ProductionWarningsInput {
  /** `process.env.NODE_ENV` as the process has it (`undefined` when unset). */
  nodeEnv: string | undefined;
  /** `true` when the embedded memory storage is in use (no `storage` option, or `memoryStorage()` passed in). */
  memoryStorage: boolean;
  /** `true` when the outbox mailer is in use (no `mailer` option, or `outboxMailer()` passed in). */
  outboxMailer: boolean;
}

/**
 * The start-up warnings for embedded defaults left in a production process: memory storage
 * loses every account at restart and is not shared between processes, and the outbox delivers no
 * mail, so nobody can verify an address or reset a password. Pure: the caller logs each line
 * (through `vault.logger.warn`), once, when the vault is created. Empty outside production.
 *
 * Only what exists today is named: the embedded adapters, and the ports (see docs/adapters.md).
 *
 * @example
 * for (const line of productionWarnings({ nodeEnv: process.env.NODE_ENV, memoryStorage: !options.storage, outboxMailer: true })) {
 *   logger.warn(line);
 * }
 */
export function productionWarnings(input: ProductionWarningsInput): string[] {
  // Same reading as the outbox's console switch: "Production " is still production.
  if ((input.nodeEnv ?? '').trim().toLowerCase() !== 'production') return [];
  const warnings: string[] = [];
  if (input.memoryStorage) warnings.push(MEMORY_STORAGE);
  if (input.outboxMailer) warnings.push(OUTBOX_MAILER);
  return warnings;
}

// --- internal ---

const MEMORY_STORAGE =
  'WARNING: NODE_ENV=production, but vaultkit is running on the in-memory storage: every account, ' +
  'session and code is lost at restart and is not shared between processes. Pass a storage adapter ' +
  'to createVault (`storage: yourStorage`; see docs/adapters.md).';

const OUTBOX_MAILER =
  'WARNING: NODE_ENV=production, but vaultkit is using the outbox mailer: no mail is delivered, so ' +
  'nobody can verify an address, finish an email sign-in step or reset a password. Pass a mailer to ' +
  'createVault (`mailer: { send({ to, subject, text, html }) { ... } }`; see docs/adapters.md).';
