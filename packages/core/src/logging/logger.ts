/**
 * Where vaultkit reports what the client never sees: unexpected errors (answered with a bare
 * 500), failing event listeners, and start-up warnings. Core and both framework adapters log
 * through the same `vault.logger`. Nothing logged carries a password, code, token, hash or key.
 *
 * @example
 * import pino from 'pino';
 * const log = pino();
 * createVault({ tokens, logger: { warn: (msg) => log.warn(msg), error: (msg, err) => log.error({ err }, msg) } });
 */
export interface VaultLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** The default: `console.warn` / `console.error`, prefixed with `[vaultkit]`. */
export const consoleLogger: VaultLogger = {
  warn: (message) => console.warn(`[vaultkit] ${message}`),
  error: (message, error) => (error === undefined ? console.error(`[vaultkit] ${message}`) : console.error(`[vaultkit] ${message}`, error)),
};
