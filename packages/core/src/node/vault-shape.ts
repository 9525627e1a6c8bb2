import type { IncomingMessage } from 'node:http';
import type { VaultHttp, VaultResponse } from '../http/types.js';
import { consoleLogger, type VaultLogger } from '../logging/logger.js';
import type { VaultLike } from './types.js';

/**
 * The vault's HTTP layer when `vault` has the shape the adapters rely on (`createVault()`'s
 * result), else `null`. For adapters that report misuse their own way (Fastify: `done(error)`).
 *
 * @example
 * const http = vaultHttpOf(options.vault);
 * if (!http) return done(new TypeError('options.vault must be the object returned by createVault()'));
 */
export function vaultHttpOf(vault: unknown): VaultHttp | null {
  const http = (vault as Partial<VaultLike> | null | undefined)?.http;
  const valid = http && Array.isArray(http.routes) && typeof http.handle === 'function' && typeof http.prefix === 'string';
  return valid ? http : null;
}

/**
 * Throws a `TypeError` naming `caller` when `vault` is not a vault: misuse is reported where it
 * happens, at start-up, not at the first request.
 *
 * @example
 * assertVault(vault, 'vaultRouter'); // TypeError: vaultRouter(vault): expected the object returned by createVault()
 */
export function assertVault(vault: unknown, caller: string): asserts vault is VaultLike {
  if (!vaultHttpOf(vault)) throw new TypeError(`${caller}(vault): expected the object returned by createVault()`);
}

/**
 * The vault's logger (`vault.logger`), or the console one for a vault-like object without it.
 *
 * @example
 * loggerOf(vault).error('unexpected error', error);
 */
export function loggerOf(vault: VaultLike): VaultLogger {
  return vault.logger ?? consoleLogger;
}

/**
 * Whether `value` is an HTTP request (Node's, Express's or an injected one) rather than the
 * argument a vault helper expects: how an adapter notices `requireAuth` passed to the router
 * without being called (`app.get('/x', requireAuth, handler)`), which no type stops in JavaScript.
 *
 * @example
 * if (isHttpRequest(vault)) return writeVaultResponse(res, misuseResponse('call requireAuth(vault)'));
 */
export function isHttpRequest(value: unknown): value is IncomingMessage {
  const candidate = value as { headers?: unknown; method?: unknown; http?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.method === 'string' && typeof candidate.headers === 'object' && !('http' in candidate);
}

/**
 * The 500 envelope for a misconfigured app, with a message that says what to change. Only for
 * the developer's own mistakes: the message is fixed text, never data from the request, and the
 * client learns nothing but that the server is set up wrongly.
 *
 * @example
 * writeVaultResponse(res, misconfigured('Mount vaultRouter(vault) before express.json().'));
 */
export function misconfigured(message: string): VaultResponse {
  return { status: 500, headers: { 'Cache-Control': 'no-store' }, body: { status: 'error', code: 'INTERNAL_ERROR', message } };
}
