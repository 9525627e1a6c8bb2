// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
export { postgresStorage, type PostgresStorage, type PostgresStorageOptions } from './postgres-storage.js';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate.js';
export type { SweepResult } from './sweep.js';
export type { PostgresLocationOptions } from './tables.js';
export type { PgClientLike, PgPoolInput, PgPoolLike, PgResult } from './pool.js';
