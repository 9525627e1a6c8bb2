import type { z } from 'zod';
import { VaultError, type ErrorDetail } from '../errors/vault-error.js';

/**
 * Runs an operation's input schema (synchronously: input schemas have no async refinements, and
 * this runs on every request). Every issue is reported at once as 400 `VALIDATION_FAILED` with
 * `details: [{ path, message }]`.
 *
 * @example
 * const input = validateInput(operation.input, { ...body, ...params });
 */
export function validateInput(schema: z.ZodType, raw: unknown): unknown {
  const result = schema.safeParse(raw);
  if (!result.success) throw new VaultError('VALIDATION_FAILED', { details: toDetails(result.error) });
  return result.data;
}

/** `[{ path: 'email', message }]` from a zod error (nested paths joined with dots). */
export function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.'),
    message: issue.message,
  }));
}
