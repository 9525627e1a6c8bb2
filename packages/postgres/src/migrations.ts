// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { Tables } from './tables.js';

/** One schema change. Versions only grow; a released migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  /** The statements, for the location in `t` (schema and table prefix). */
  sql(t: Tables): string;
}

/**
 * Every migration, in order. Notes on the choices:
 * - Ids are `text`: core chooses them (UUIDs today) and adapters store them as given.
 * - Times are `timestamptz` (microseconds, so the milliseconds of a JS `Date` round-trip).
 * - Ids compare as code units (`COLLATE "C"`): "newest first" lists break ties by id descending,
 *   the port's one ordering (the memory adapter compares the same way), so paging is
 *   deterministic; the (…, created_at DESC, id DESC) indexes serve those lists.
 * - Email and username are unique ignoring case through unique indexes on `lower(...)`; the
 *   index names are what a clash is reported by (`ConflictError` with `field`). PostgreSQL
 *   checks unique indexes in creation order, so a record clashing on both reports `email`,
 *   like the memory adapter: keep the primary key, then email, then username, in this order.
 * - Expiry is decided in queries with the `now` core passes; the expiry indexes serve `sweep`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial tables',
    sql: (t) => `
      CREATE TABLE ${t.users} (
        id text COLLATE "C" PRIMARY KEY,
        email text NOT NULL,
        username text,
        password_hash text NOT NULL,
        role text NOT NULL,
        email_verified boolean NOT NULL,
        two_factor_enabled boolean NOT NULL,
        name text,
        bio text,
        avatar jsonb,
        cover jsonb,
        banned boolean NOT NULL,
        credential_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX ${t.name('users_email_key')} ON ${t.users} (lower(email));
      CREATE UNIQUE INDEX ${t.name('users_username_key')} ON ${t.users} (lower(username));
      CREATE INDEX ${t.name('users_newest_idx')} ON ${t.users} (created_at DESC, id DESC);

      CREATE TABLE ${t.sessions} (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL,
        refresh_hash text NOT NULL,
        previous_hash text,
        rotated_at timestamptz,
        last_pair text,
        expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        user_agent text,
        ip text,
        credential_version integer NOT NULL
      );
      CREATE INDEX ${t.name('sessions_user_idx')} ON ${t.sessions} (user_id, created_at DESC, id DESC);
      CREATE INDEX ${t.name('sessions_expiry_idx')} ON ${t.sessions} (LEAST(expires_at, absolute_expires_at));

      CREATE TABLE ${t.liveSessions} (
        sid text COLLATE "C" PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX ${t.name('live_sessions_expiry_idx')} ON ${t.liveSessions} (expires_at);

      CREATE TABLE ${t.revokedTokens} (
        jti text COLLATE "C" PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX ${t.name('revoked_tokens_expiry_idx')} ON ${t.revokedTokens} (expires_at);

      CREATE TABLE ${t.otps} (
        purpose text NOT NULL,
        subject text NOT NULL,
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        retain_until timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        PRIMARY KEY (purpose, subject)
      );
      CREATE INDEX ${t.name('otps_vanish_idx')} ON ${t.otps} (GREATEST(retain_until, locked_until));

      CREATE TABLE ${t.assets} (
        id text COLLATE "C" PRIMARY KEY,
        owner_id text COLLATE "C" NOT NULL,
        public_id text NOT NULL,
        url text NOT NULL,
        kind text NOT NULL,
        format text NOT NULL,
        bytes bigint NOT NULL,
        width integer,
        height integer,
        duration double precision,
        title text NOT NULL,
        description text NOT NULL,
        visibility text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX ${t.name('assets_owner_idx')} ON ${t.assets} (owner_id, created_at DESC, id DESC);
      CREATE INDEX ${t.name('assets_newest_idx')} ON ${t.assets} (created_at DESC, id DESC);

      CREATE TABLE ${t.subscriptions} (
        subscriber_id text COLLATE "C" NOT NULL,
        channel_id text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subscriber_id, channel_id)
      );
      CREATE INDEX ${t.name('subscriptions_subscriber_idx')} ON ${t.subscriptions} (subscriber_id, created_at DESC, channel_id DESC);
      CREATE INDEX ${t.name('subscriptions_channel_idx')} ON ${t.subscriptions} (channel_id, created_at DESC, subscriber_id DESC);
    `,
  },
];
