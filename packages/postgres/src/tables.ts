// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import { createHash } from 'node:crypto';

/** Where the adapter's tables live. Shared by `postgresStorage`, `migrate` and `sweep`. */
export interface PostgresLocationOptions {
  /**
   * The PostgreSQL schema holding the tables. `migrate` creates it when it does not exist.
   * One schema per test run (or per tenant) keeps data sets apart on one database.
   * @default "public"
   */
  schema?: string;
  /**
   * Prepended to every table and index name, so vaultkit's tables sit beside the app's own.
   * Letters, digits and `_`, at most 30 characters; `""` for bare names.
   * @default "vaultkit_"
   */
  tablePrefix?: string;
}

/** The quoted, schema-qualified name of each table, plus the raw names errors are matched on. */
export interface Tables {
  schema: string;
  prefix: string;
  /** `"schema"` */
  schemaSql: string;
  users: string;
  sessions: string;
  liveSessions: string;
  revokedTokens: string;
  otps: string;
  assets: string;
  subscriptions: string;
  migrations: string;
  /** An index or constraint name in this location (quoted, unqualified: for CREATE INDEX). */
  name(suffix: string): string;
  /**
   * The name of a prepared statement in this location (`vk_<location hash>_<key>`): pg keys
   * prepared statements by name per connection, so two storages on one pool (other schema or
   * prefix, other SQL text) never share one.
   */
  statement(key: string): string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^[A-Za-z0-9_]*$/;

/**
 * Resolves and validates the location. Names go into SQL text (identifiers cannot be bound as
 * parameters), so anything but plain identifier characters is refused up front: no quoting
 * trick can then smuggle SQL through an option.
 */
export function resolveTables(options: PostgresLocationOptions = {}): Tables {
  const schema = options.schema ?? 'public';
  const prefix = options.tablePrefix ?? 'vaultkit_';
  if (!IDENTIFIER.test(schema) || schema.length > 63) {
    throw new TypeError('postgres: `schema` must be letters, digits and _ (not starting with a digit), at most 63 characters');
  }
  if (!PREFIX.test(prefix) || prefix.length > 30) {
    throw new TypeError('postgres: `tablePrefix` must be letters, digits and _, at most 30 characters');
  }
  const schemaSql = `"${schema}"`;
  const location = createHash('sha256').update(`${schema}.${prefix}`).digest('hex').slice(0, 12);
  const table = (name: string) => `${schemaSql}."${prefix}${name}"`;
  return {
    schema,
    prefix,
    schemaSql,
    users: table('users'),
    sessions: table('sessions'),
    liveSessions: table('live_sessions'),
    revokedTokens: table('revoked_tokens'),
    otps: table('otps'),
    assets: table('assets'),
    subscriptions: table('subscriptions'),
    migrations: table('migrations'),
    name: (suffix) => `"${prefix}${suffix}"`,
    statement: (key) => `vk_${location}_${key}`,
  };
}
