// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { ConflictError, DependencyError, isVaultError } from '@vaultkit/core';
import { InvalidQueryError } from './internal.js';
import { USER_CONFLICT_FIELDS, USER_CONFLICT_KEYS } from './schemas/users.js';

/** MongoDB's duplicate-key error code (11001 is its pre-2.6 spelling, still seen in bulk results). */
const DUPLICATE_KEY_CODES = new Set([11000, 11001]);

/**
 * The vaultkit error for anything a MongoDB or mongoose call threw, so that no raw driver error
 * crosses the port (STYLE.md §6):
 * - a duplicate key on a unique index vaultkit knows (by index name, else by key pattern) →
 *   `ConflictError` naming the field (`email`, `username`);
 * - anything else → `DependencyError` (503): a refused connection, a server selection timeout, a
 *   command buffered past mongoose's `bufferTimeoutMS`, a closed client, any server error. The
 *   message never carries the driver's text (hosts, queries); the driver error stays as `cause`.
 *
 * vaultkit errors and the adapter's own `TypeError`s for misuse pass through unchanged.
 *
 * @example
 * try { await users.insertOne(doc) } catch (error) { throw toStorageError(error) }
 */
export function toStorageError(error: unknown): Error {
  if (isVaultError(error) || error instanceof InvalidQueryError) return error;
  if (isDuplicateKey(error)) {
    const field = conflictField(error);
    if (field !== undefined) return new ConflictError(field, { cause: error });
  }
  return new DependencyError('storage', { cause: error });
}

/** Whether `error` is MongoDB's duplicate-key error (directly, or as the write error of a bulk write). */
export function isDuplicateKey(error: unknown): boolean {
  const e = asRecord(error);
  if (DUPLICATE_KEY_CODES.has(Number(e.code))) return true;
  const writeErrors = Array.isArray(e.writeErrors) ? e.writeErrors : [];
  return writeErrors.some((w) => DUPLICATE_KEY_CODES.has(Number(asRecord(w).code)));
}

/**
 * The name of the unique index a duplicate-key error names. Servers put it in the message
 * (`E11000 duplicate key error collection: db.vaultkit_users index: email_unique dup key: …`);
 * `undefined` when it is not there.
 */
export function duplicateIndexName(error: unknown): string | undefined {
  const e = asRecord(error);
  const texts = [e.errmsg, e.message, ...(Array.isArray(e.writeErrors) ? e.writeErrors.map((w) => asRecord(w).errmsg) : [])];
  for (const text of texts) {
    const match = typeof text === 'string' ? / index: (\S+) dup key/.exec(text) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * Runs every method of `repository` through `toStorageError`: one wrapper per repository, so no
 * code path of any method can let a driver error out.
 */
export function guardAll<T extends object>(repository: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(repository)) {
    if (typeof member !== 'function') {
      guarded[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(repository, args);
      } catch (error) {
        throw toStorageError(error);
      }
    };
  }
  return guarded as T;
}

// --- internal ---

/** The field of a `ConflictError` for a duplicate-key error on one of vaultkit's unique indexes. */
function conflictField(error: unknown): string | undefined {
  const index = duplicateIndexName(error);
  if (index !== undefined && Object.hasOwn(USER_CONFLICT_FIELDS, index)) return USER_CONFLICT_FIELDS[index];
  // Some servers and proxies leave the index name out; the key pattern says which field clashed.
  const keyPattern = asRecord(asRecord(error).keyPattern);
  for (const key of Object.keys(keyPattern)) {
    if (Object.hasOwn(USER_CONFLICT_KEYS, key)) return USER_CONFLICT_KEYS[key];
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
