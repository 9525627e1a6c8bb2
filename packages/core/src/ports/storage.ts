/**
 * The storage port: one object made of repositories. This file (the general rules) and one file
 * per repository under `storage/` are the whole specification an adapter author needs: every
 * rule the storage contract (`storageContract` in `@vaultkit/testkit`) tests is written there,
 * next to the method it concerns.
 *
 * ## General rules
 *
 * - **Composition.** Each repository may come from a different adapter
 *   (`composeStorage(postgresStorage(pool), redisHotState(client))`): later parts win per
 *   repository, every part's `ping` and `dispose` run. Repositories never call each other, so
 *   they may live in different backends.
 * - **Records are storage records, not API objects.** They carry hashes; core's
 *   `serializeUser()` is the only place that decides what a client sees. Store every field as
 *   given and return it unchanged (deep-equal to what was written); returned objects are the
 *   caller's own (mutating them never changes what is stored, and vice versa).
 * - **Identifiers and timestamps are chosen by core.** Adapters never generate ids or read a
 *   clock for a record. Ids are strings of at most 64 characters of `A-Z a-z 0-9 _ -` (UUIDs
 *   today, 36 characters; token ids `jti` are 22). Hashes (`refreshHash`, `previousHash`,
 *   `codeHash`) are base64url SHA-256 / HMAC-SHA256 digests, 43 characters, compared exactly
 *   (case-sensitive). `passwordHash` (< 200 characters) and `lastPair` (sealed, usually 1-3 KB)
 *   are opaque text: use an unbounded text type. OTP subjects are at most 128 characters.
 * - **Time comes from core; adapters need no clock.** Every answer that depends on expiry is
 *   judged against the `now` (or the date) core passes in the call, never the backend's own
 *   clock, so a test can move time by passing later dates. An instant is *past* at `now` when it
 *   is `<= now`: an entry is **live** at `now` while its expiry is strictly after `now`. Purging
 *   on the backend's own clock (a TTL index, `PEXPIREAT`, a periodic sweep) is allowed on top,
 *   as long as nothing is removed before its expiry by that clock; the answers must still be
 *   filtered by `now`.
 * - **Dates** are `Date` objects with millisecond precision: a stored date reads back with the
 *   same `getTime()` (store at least milliseconds: `timestamptz(3)` or finer, a BSON date, an
 *   integer of ms). Returned dates are `Date` instances, never strings or numbers.
 * - **Case folding.** Only `email` and `username` ignore case (uniqueness and lookups); core
 *   only passes ASCII emails (at most 254 characters) and lower-case usernames, so folding ASCII
 *   `A-Z` to `a-z` is enough (`lower()` in SQL, a lower-cased shadow field, or a collation of
 *   strength 2). Every other string compares exactly.
 * - **Ordering.** Every list is **newest first** by its date (`createdAt`, or `at` for
 *   subscriptions) and, on equal dates, by **id descending** compared as code units (byte order
 *   of the ASCII id: `COLLATE "C"` in PostgreSQL, the default binary comparison in MongoDB).
 *   Pages count from 1; `limit` is an integer >= 1; `total` counts every match, not just the
 *   page; a page past the end is `{ items: [], total }`.
 * - **Errors.** Report a uniqueness clash as `ConflictError` (see `users`) and an unreachable
 *   or failing backend (connection refused, timeout, pool closed, server error) as
 *   `DependencyError` with the driver error as `cause`: every repository method rejects with
 *   it (core answers 503). A raw driver error never crosses the port. "Not found" is never an
 *   error: each method below says whether it returns `null`, `false` or an empty list.
 * - **Atomicity.** Methods marked *atomic* must stay correct when many calls run at once, from
 *   one process or from several processes sharing the backend (the contract races them
 *   through two storage instances): use a conditional update, `RETURNING`, a transaction, a Lua
 *   script or `findOneAndUpdate`, never a read followed by a write.
 * - **Schema and indexes** (tables, unique indexes, TTL indexes) are created by the adapter's
 *   own documented setup step (say `migrate(pool)`), run once at deploy time, safely from
 *   several processes at once; the factory and the repository methods never create schema.
 *   The contract's `make` runs that step before handing the storage over.
 */

import type { AssetsRepository, SubscriptionsRepository } from './storage/media.js';
import type { OtpsRepository } from './storage/otps.js';
import type { RevocationsRepository, SessionsRepository } from './storage/sessions.js';
import type { UsersRepository } from './storage/users.js';

export type * from './storage/page.js';
export type * from './storage/users.js';
export type * from './storage/sessions.js';
export type * from './storage/otps.js';
export type * from './storage/media.js';

/** The whole storage port. */
export interface Storage {
  users: UsersRepository;
  sessions: SessionsRepository;
  revocations: RevocationsRepository;
  otps: OtpsRepository;
  assets: AssetsRepository;
  subscriptions: SubscriptionsRepository;
  /** Resolves when every backend responds; rejects with `DependencyError` otherwise (for `/ready`). */
  ping?(): Promise<void>;
  /**
   * Releases what the adapter opened itself (never the client the app passed in). Resolves;
   * safe to call twice. After it, the storage is not used again.
   */
  dispose?(): Promise<void>;
}
