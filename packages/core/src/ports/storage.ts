/**
 * The storage port: one object made of repositories. This file is the whole specification an
 * adapter author needs: every rule the storage contract (`storageContract` in
 * `@vaultkit/testkit`) tests is written here, next to the method it concerns.
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

/** A stored media file referenced from a profile (avatar, cover). */
export interface MediaRef {
  publicId: string;
  url: string;
}

/** The profile fields that hold a media file. */
export type MediaSlot = 'avatar' | 'cover';

export interface UserRecord {
  id: string;
  /** As the user typed it (ASCII, at most 254 characters); uniqueness ignores case. */
  email: string;
  /** Lower-case `a-z 0-9 _`, 3-30 characters, unique ignoring case; `null` until chosen (many users may have none). */
  username: string | null;
  passwordHash: string;
  role: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  /** At most 100 characters (any Unicode). */
  name: string | null;
  /** At most 500 characters (any Unicode). */
  bio: string | null;
  avatar: MediaRef | null;
  cover: MediaRef | null;
  banned: boolean;
  /**
   * Bumped (never set) through `users.bumpCredentialVersion` by everything that signs every
   * session of the user out; a session remembers the version it was created under, and one
   * created under an older version is refused. New accounts start at 0.
   */
  credentialVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A partial update. A key that is absent or `undefined` leaves the field as it is; `null` sets
 * it to `null`. `id`, `createdAt` and `credentialVersion` never change through a patch, even
 * when a caller names them (ignore those keys, and any key that is not a `UserRecord` field).
 */
export type UserPatch = Partial<Omit<UserRecord, 'id' | 'createdAt' | 'credentialVersion'>>;

export interface Page<T> {
  items: T[];
  /** Every match, not only this page. */
  total: number;
}

export interface PageQuery {
  /** From 1. */
  page: number;
  /** At least 1. */
  limit: number;
}

export interface UserListQuery extends PageQuery {
  /**
   * Case-insensitive substring of `email`, `username` or `name`. Matched literally: `%`, `_`,
   * `\`, `.*`, `(` and every other pattern character stand for themselves (escape them for
   * `LIKE`, or `escapeRegExp` them for `$regex`). An empty string matches everyone.
   */
  search?: string;
  /** Exact role. */
  role?: string;
}

/**
 * Accounts. Email unique ignoring case; username unique ignoring case among the users that have
 * one. When one write clashes on both email and username, the `ConflictError` names `email`.
 */
export interface UsersRepository {
  /**
   * Inserts. Throws `ConflictError` whose `field` is `email` or `username` on a clash (ignoring
   * case), `email` when both clash; nothing is written then. Not idempotent.
   */
  create(user: UserRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. The email comes back as stored, not folded. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. */
  findByUsername(username: string): Promise<UserRecord | null>;
  /**
   * The users with these ids, in any order, in one round trip; ids not found are left out and
   * repeated ids give one record; `[]` for `[]`. Used to load the public views of a page of
   * subscribers (at most a page of ids, 100).
   */
  findByIds(ids: readonly string[]): Promise<UserRecord[]>;
  /**
   * Applies the patch (see `UserPatch`) atomically and returns the whole updated record; `null`
   * when not found. On a unique clash throws `ConflictError` (`email` first, as `create`) and
   * changes nothing. `updatedAt` changes only when the patch carries it.
   */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Atomically sets the avatar or cover reference (and `updatedAt` to `at`) and returns the one
   * it replaced, so that of two concurrent replacements each gets a distinct previous reference
   * and exactly one of the new references stays stored (the caller deletes the file of every
   * `previous` it gets, and nothing leaks). `ref: null` clears the slot. `null` when the user is
   * not found. (`UPDATE … RETURNING` the old value through a self-join or `FOR UPDATE`,
   * `findOneAndUpdate` returning the document before.)
   */
  replaceMedia(id: string, slot: MediaSlot, ref: MediaRef | null, at: Date): Promise<{ previous: MediaRef | null } | null>;
  /**
   * Atomic increment of `credentialVersion` (`UPDATE … SET v = v + 1 … RETURNING v`, `$inc`):
   * N concurrent calls raise it by exactly N, each returning its own new value. Returns the new
   * version; `null` when not found. Nothing else changes (not even `updatedAt`).
   */
  bumpCredentialVersion(id: string): Promise<number | null>;
  /** `true` when a user was deleted, `false` when there was none (idempotent); frees the email and username. */
  delete(id: string): Promise<boolean>;
  /** Filters combine with AND; newest first (`createdAt`, ties by id descending), paged. */
  list(query: UserListQuery): Promise<Page<UserRecord>>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 (base64url) of the current refresh secret. */
  refreshHash: string;
  /** SHA-256 of the refresh secret it replaced, `null` before the first rotation. */
  previousHash: string | null;
  rotatedAt: Date | null;
  /** The last issued pair, sealed with a server key; kept only for the reuse grace window. */
  lastPair: string | null;
  /** Sliding expiry of the refresh token: moved by each rotation. */
  expiresAt: Date;
  /** Absolute cap: set at creation and never extended by rotation. */
  absoluteExpiresAt: Date;
  createdAt: Date;
  /** At most 512 characters. */
  userAgent: string | null;
  /** At most 512 characters. */
  ip: string | null;
  /** The user's `credentialVersion` when the session was created (stored as given). */
  credentialVersion: number;
}

export interface SessionRotation {
  refreshHash: string;
  previousHash: string;
  /** Core's time of the rotation: the session must be live at this instant to rotate. */
  rotatedAt: Date;
  lastPair: string;
  expiresAt: Date;
}

/**
 * One record per login. A session is **live** at `now` while `now` is before both `expiresAt`
 * and `absoluteExpiresAt`; a session that is not live reads as absent (the absolute cap holds
 * even when `expiresAt` is later).
 */
export interface SessionsRepository {
  /** Inserts (core never reuses an id). */
  create(session: SessionRecord): Promise<void>;
  /** The record as stored; `null` when not found or not live at `now`. */
  findById(id: string, now: Date): Promise<SessionRecord | null>;
  /**
   * Atomic compare-and-set: applies `next` (those five fields only; `absoluteExpiresAt` never
   * moves) only if the stored `refreshHash` still equals `expectedHash` and the session is live
   * at `next.rotatedAt`. Returns `true` for the one caller that won, `false` otherwise (nothing
   * changes): of N concurrent calls with the same `expectedHash`, through any number of
   * connections or processes, exactly one gets `true`.
   */
  rotate(id: string, expectedHash: string, next: SessionRotation): Promise<boolean>;
  /**
   * Deletes one session; `true` if a record was removed, `false` when there was none
   * (idempotent). A record past its expiry that the backend has not purged yet may count.
   */
  delete(id: string): Promise<boolean>;
  /**
   * Deletes every session of a user except `exceptId`; returns the deleted ids in any order
   * (`[]` when none), which may include records already past expiry but not yet purged.
   */
  deleteByUser(userId: string, exceptId?: string): Promise<string[]>;
  /** Sessions of a user live at `now`, newest first (`createdAt`, ties by id descending); `[]` when none. */
  listByUser(userId: string, now: Date): Promise<SessionRecord[]>;
}

export interface RevocationCheck {
  jti: string;
  sid: string;
}

/**
 * Access-token state on the hot path. It holds the *live* session ids (a positive list: a
 * flushed store signs people out instead of letting revoked tokens back in) and revoked `jti`s,
 * each with its own expiry. An entry counts while its expiry is after the `now` given to
 * `isRevoked`, and may be purged by the backend once past (TTL index / `PEXPIREAT`).
 */
export interface RevocationsRepository {
  /**
   * Marks a session live until `expiresAt`, replacing the end of an earlier mark (core passes
   * the session's absolute cap, so a second call extends or keeps it). Idempotent.
   */
  allowSession(sid: string, expiresAt: Date): Promise<void>;
  /** Removes the live mark of a session. Idempotent (no error for an unknown sid). */
  revokeSession(sid: string): Promise<void>;
  /**
   * Blacklists an access-token id until `expiresAt` (the token's own `exp`, so core always
   * passes the same date for one `jti`). Idempotent.
   */
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  /**
   * One round trip (`MGET`, one SQL statement): `true` when `jti` is revoked (an entry whose
   * expiry is after `now`) or `sid` is not live at `now` (no entry, or its expiry is at or
   * before `now`); `false` only for a live session and an unrevoked token.
   */
  isRevoked(check: RevocationCheck, now: Date): Promise<boolean>;
}

export type OtpPurpose = 'verify-email' | 'login' | 'reset-password' | 'reset-token';

export interface OtpIssue {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  /** The code answers `ok` only before this instant. */
  expiresAt: Date;
  /**
   * How long the record (and its attempt count) is kept, at least until `expiresAt`. The record
   * vanishes at `retainUntil` or at the end of its lock, whichever is later.
   */
  retainUntil: Date;
  /** Core's current time: decides whether the previous record still exists (and its count and lock carry over). */
  now: Date;
}

export interface OtpAttempt {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  /** Wrong attempts allowed before the flow locks (5 by default). */
  maxAttempts: number;
  /** When the lock ends, should this attempt set it (absolute; core passes `now` + lock duration). */
  lockUntil: Date;
  /** Core's current time: decides whether the record exists, the code has expired and a lock still holds. */
  now: Date;
}

export type OtpAttemptResult =
  | { status: 'ok' }
  | { status: 'invalid'; attemptsLeft: number }
  | { status: 'locked'; until: Date }
  | { status: 'missing' };

/**
 * One-time codes: one record per (purpose, subject) holding the active code's hash, its
 * `expiresAt`, `retainUntil`, the wrong-attempt count and the lock end (`lockedUntil`, none at
 * first). Purposes of one subject are independent records.
 *
 * A record **exists** at `now` while `now` is before `max(retainUntil, lockedUntil)`; past that
 * it is gone with its count (purge it or ignore it). `attempt` is one atomic step that, at `now`:
 * 1. no record → `missing` (never issued, consumed by an `ok`, deleted, or past retention);
 * 2. `lockedUntil` after `now` → `locked` with `until: lockedUntil` (nothing changes);
 * 3. the code is unexpired (`expiresAt` after `now`) and `codeHash` matches → delete the record
 *    (single use; this also resets the count) → `ok`;
 * 4. otherwise (wrong code, or the right code after `expiresAt`, which never answers `ok`):
 *    count one wrong attempt; when the count reaches `maxAttempts` set `lockedUntil` to
 *    `lockUntil` and answer `invalid` with `attemptsLeft: 0` (that last allowed attempt is not
 *    itself `locked`); below it answer `invalid` with `attemptsLeft: maxAttempts - count`.
 *
 * The count is not reset when a lock ends: the first wrong attempt after it locks again
 * (`attemptsLeft: 0`). Only `ok`, `delete` or the record vanishing reset it. Under N concurrent
 * wrong attempts with `maxAttempts: 5`, exactly five answer `invalid` (4, 3, 2, 1, 0 left) and
 * the rest `locked`; under N concurrent right attempts exactly one answers `ok`.
 */
export interface OtpsRepository {
  /**
   * Stores the one active code of (purpose, subject), replacing any previous code and its
   * `expiresAt` and `retainUntil`. When a record exists at `otp.now`, its wrong-attempt count
   * and lock are kept (NIST SP 800-63B: a new code does not reset them); otherwise they start
   * at 0 and none. Atomic with respect to `attempt`.
   */
  issue(otp: OtpIssue): Promise<void>;
  /** One atomic step of the state machine above. */
  attempt(attempt: OtpAttempt): Promise<OtpAttemptResult>;
  /** Removes the record of (purpose, subject), code, count and lock. Idempotent. */
  delete(purpose: OtpPurpose, subject: string): Promise<void>;
}

export type AssetKind = 'image' | 'video';
export type AssetVisibility = 'public' | 'private';

export interface AssetRecord {
  id: string;
  ownerId: string;
  publicId: string;
  url: string;
  kind: AssetKind;
  format: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Seconds, may have a fraction (store a double). */
  duration: number | null;
  title: string;
  description: string;
  visibility: AssetVisibility;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssetListQuery extends PageQuery {
  ownerId?: string;
  visibility?: AssetVisibility;
}

/** Uploaded-file metadata (the files themselves live with the uploader). */
export interface AssetsRepository {
  /** Inserts (core never reuses an id). */
  create(asset: AssetRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<AssetRecord | null>;
  /** Filters combine with AND (none: every asset); newest first (`createdAt`, ties by id descending), paged. */
  list(query: AssetListQuery): Promise<Page<AssetRecord>>;
  /** How many assets `ownerId` has (only those with `visibility`, when given); 0 when none. */
  count(query: { ownerId: string; visibility?: AssetVisibility }): Promise<number>;
  /**
   * Deletes one asset and returns the deleted record (to remove its remote file without another
   * read); `null` when it was not there. Of two concurrent deletes of one id, one gets the record.
   */
  delete(id: string): Promise<AssetRecord | null>;
  /** Deletes the given ids; returns the records that existed, each once, in any order (`[]` for `[]`). */
  deleteMany(ids: readonly string[]): Promise<AssetRecord[]>;
  /** Deletes every asset of an owner; returns the deleted records in any order (to remove remote files). */
  deleteByOwner(ownerId: string): Promise<AssetRecord[]>;
}

/** One channel page's numbers. */
export interface ChannelStats {
  /** Users who follow the channel. */
  subscribers: number;
  /** Channels the channel's owner follows. */
  subscriptions: number;
  /** Whether the viewer follows the channel. */
  isSubscribed: boolean;
}

/** (subscriberId, channelId) pairs, unique per pair, each with the time `at` it was made. */
export interface SubscriptionsRepository {
  /**
   * Atomic insert-if-absent: `true` when the pair was created, `false` when it already existed
   * (then nothing changes, not even `at`); of N concurrent calls for one pair exactly one is `true`.
   */
  subscribe(subscriberId: string, channelId: string, at: Date): Promise<boolean>;
  /** `true` when the pair existed and was removed, `false` when there was no such pair. */
  unsubscribe(subscriberId: string, channelId: string): Promise<boolean>;
  isSubscribed(subscriberId: string, channelId: string): Promise<boolean>;
  /**
   * One round trip for a channel page: how many follow `channelId`, how many it follows, and
   * whether `viewerId` follows it (`false` when `viewerId` is `null`). Zeros for an unknown id.
   */
  channelStats(channelId: string, viewerId: string | null): Promise<ChannelStats>;
  /** Subscriber ids of a channel, newest pair first (`at`, ties by subscriber id descending), paged. */
  listSubscribers(channelId: string, page: PageQuery): Promise<Page<string>>;
  /** Channel ids a user follows, newest pair first (`at`, ties by channel id descending), paged. */
  listSubscriptions(subscriberId: string, page: PageQuery): Promise<Page<string>>;
  /** Removes every pair in which the user is either side. Idempotent. */
  deleteByUser(userId: string): Promise<void>;
}

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
