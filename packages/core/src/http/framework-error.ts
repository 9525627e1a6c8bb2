import { isVaultError, VaultError } from '../errors/vault-error.js';

/**
 * An error raised by a web framework itself (a malformed `%` escape, a body it refused) as the
 * core's error: its 4xx `status`/`statusCode` stays a 4xx code; anything else is returned as it
 * is, for `renderError` to answer a bare 500.
 *
 * @example
 * setErrorHandler((error, request, reply) => send(reply, vault.http.renderError(fromFrameworkError(error))));
 */
export function fromFrameworkError(error: unknown): unknown {
  if (isVaultError(error)) return error;
  const carrier = error as { status?: unknown; statusCode?: unknown } | null;
  const status = carrier?.status ?? carrier?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return error;
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  return new VaultError(code, { cause: error });
}
