import type { z } from 'zod';
import { VaultError, type ErrorDetail } from '../errors/vault-error.js';
import type { RouteDefinition } from './types.js';

/** The raw, unvalidated parts of a request. */
export interface RawInput {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The parts after the route's schemas ran (unknown keys stripped by zod objects). */
export interface ValidInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * Runs the route's zod schemas on params, query and body. Every issue of every part is reported
 * at once as 400 `VALIDATION_FAILED` with `details: [{ path, message }]`. Parts without a schema
 * pass through as given (the body is then `{}`: it was not read).
 *
 * @example
 * const input = validateInput(route, { params, query, body });
 */
export function validateInput(route: Pick<RouteDefinition, 'params' | 'query' | 'body'>, raw: RawInput): ValidInput {
  const details: ErrorDetail[] = [];
  // Synchronous: route schemas have no async refinements, and this runs on every request.
  const run = (schema: z.ZodType | undefined, value: unknown, fallback: unknown) => {
    if (!schema) return fallback;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    details.push(...toDetails(result.error));
    return undefined;
  };
  const params = run(route.params, raw.params, raw.params);
  const query = run(route.query, raw.query, raw.query);
  const body = run(route.body, raw.body, {});
  if (details.length > 0) throw new VaultError('VALIDATION_FAILED', { details });
  return { params, query, body };
}

/** `[{ path: 'email', message }]` from a zod error (nested paths joined with dots). */
export function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.'),
    message: issue.message,
  }));
}
