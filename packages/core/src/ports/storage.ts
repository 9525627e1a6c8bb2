/**
 * The storage port: one object made of repositories. Each repository may come from a different
 * adapter (`composeStorage(postgresStorage(pool), redisHotState(client))`).
 *
 * Records are storage records, not API objects: they carry hashes. Core's `serializeUser()` is
 * the only place that decides what a client sees. Identifiers and timestamps are chosen by core
 * (from its clock), so adapters store them as given.
 *
 * Adapters report a uniqueness clash as `ConflictError` and an unreachable backend as
 * `DependencyError`; a raw driver error never crosses the port.
 */

/** A stored media file referenced from a profile (avatar, cover). */
export interface MediaRef {
  publicId: string;
  url: string;
}

export interface UserRecord {
  id: string;
  /** As the user typed it; uniqueness ignores case. */
  email: string;
  /** Lower-case `a-z 0-9 _`, unique ignoring case; `null` until chosen. */
  username: string | null;
  passwordHash: string;
  role: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  name: string | null;
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

/** Keys that are `undefined` are left as they are; `id`, `createdAt` and `credentialVersion` never change through a patch. */
export type UserPatch = Partial<Omit<UserRecord, 'id' | 'createdAt' | 'credentialVersion'>>;

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  /** From 1. */
  page: number;
  limit: number;
}

export interface UserListQuery extends PageQuery {
  /** Case-insensitive substring of email, username or name. */
  search?: string;
  role?: string;
}

export interface UsersRepository {
  /** Inserts. Throws `ConflictError` with `field` `email` or `username` on a clash (ignoring case). */
  create(user: UserRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Case-insensitive; `null` when not found. */
  findByUsername(username: string): Promise<UserRecord | null>;
  /** Applies the patch atomically; `null` when not found; `ConflictError` on a unique clash. */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Atomic increment of `credentialVersion` (`UPDATE … SET v = v + 1 … RETURNING v`, `$inc`):
   * N concurrent calls raise it by exactly N. Returns the new version; `null` when not found.
   */
  bumpCredentialVersion(id: string): Promise<number | null>;
  /** `true` when a user was deleted; idempotent. */
  delete(id: string): Promise<boolean>;
  /** Newest first. */
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
  /** Sliding expiry of the refresh token. */
  expiresAt: Date;
  /** Absolute cap: never extended by rotation. */
  absoluteExpiresAt: Date;
  createdAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** The user's `credentialVersion` when the session was created (stored as given). */
  credentialVersion: number;
}

export interface SessionRotation {
  refreshHash: string;
  previousHash: string;
  rotatedAt: Date;
  lastPair: string;
  expiresAt: Date;
}

export interface SessionsRepository {
  create(session: SessionRecord): Promise<void>;
  /** `null` when not found or past `expiresAt` (by the adapter's clock). */
  findById(id: string): Promise<SessionRecord | null>;
  /**
   * Atomic compare-and-set: applies `next` only if the stored `refreshHash` still equals
   * `expectedHash`. Returns `true` for the one caller that won, `false` otherwise (no change).
   */
  rotate(id: string, expectedHash: string, next: SessionRotation): Promise<boolean>;
  /** Deletes one session; `true` if it existed. Idempotent. */
  delete(id: string): Promise<boolean>;
  /** Deletes every session of a user except `exceptId`; returns the deleted ids. */
  deleteByUser(userId: string, exceptId?: string): Promise<string[]>;
  /** Live sessions of a user, newest first. */
  listByUser(userId: string): Promise<SessionRecord[]>;
}

export interface RevocationCheck {
  jti: string;
  sid: string;
}

/**
 * Access-token state on the hot path. It holds the *live* session ids (a positive list: a
 * flushed store signs people out instead of letting revoked tokens back in) and revoked `jti`s.
 * Every entry vanishes on its own at its expiry (TTL index / EX).
 */
export interface RevocationsRepository {
  /** Marks a session live until `expiresAt` (extends it when called again). */
  allowSession(sid: string, expiresAt: Date): Promise<void>;
  /** Removes the live mark of a session. Idempotent. */
  revokeSession(sid: string): Promise<void>;
  /** Blacklists an access-token id until `expiresAt` (the token's own `exp`). Idempotent. */
  revokeToken(jti: string, expiresAt: Date): Promise<void>;
  /** One round trip: `true` when `jti` is revoked or `sid` is not live. */
  isRevoked(check: RevocationCheck): Promise<boolean>;
}

export type OtpPurpose = 'verify-email' | 'login' | 'reset-password' | 'reset-token';

export interface OtpIssue {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  expiresAt: Date;
  /** How long the record (and its attempt count) is kept. */
  retainUntil: Date;
}

export interface OtpAttempt {
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  /** Wrong attempts allowed before the flow locks. */
  maxAttempts: number;
  /** Lock duration after the last allowed wrong attempt, in milliseconds. */
  lockMs: number;
}

export type OtpAttemptResult =
  | { status: 'ok' }
  | { status: 'invalid'; attemptsLeft: number }
  | { status: 'locked'; until: Date }
  | { status: 'missing' };

export interface OtpsRepository {
  /**
   * Stores the one active code of (purpose, subject), replacing any previous code. The wrong
   * attempt count and any lock are kept (a new code does not reset them).
   */
  issue(otp: OtpIssue): Promise<void>;
  /**
   * Atomic: refuses while locked; on a matching, unexpired code deletes the record (single use,
   * resets the count) and answers `ok`; otherwise counts one wrong attempt and locks the flow
   * when the count reaches `maxAttempts`. An expired or consumed code never answers `ok`.
   */
  attempt(attempt: OtpAttempt): Promise<OtpAttemptResult>;
  /** Removes the record of (purpose, subject). Idempotent. */
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

export interface AssetsRepository {
  create(asset: AssetRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<AssetRecord | null>;
  /** Newest first. */
  list(query: AssetListQuery): Promise<Page<AssetRecord>>;
  /** `true` if it existed. Idempotent. */
  delete(id: string): Promise<boolean>;
  /** Deletes the given ids; returns those that existed. */
  deleteMany(ids: string[]): Promise<string[]>;
  /** Deletes every asset of an owner; returns the deleted records (to remove remote files). */
  deleteByOwner(ownerId: string): Promise<AssetRecord[]>;
}

export interface SubscriptionsRepository {
  /** `false` when the pair already existed (unique pair, idempotent). */
  subscribe(subscriberId: string, channelId: string, at: Date): Promise<boolean>;
  /** `false` when there was no such pair. */
  unsubscribe(subscriberId: string, channelId: string): Promise<boolean>;
  isSubscribed(subscriberId: string, channelId: string): Promise<boolean>;
  counts(userId: string): Promise<{ subscribers: number; subscriptions: number }>;
  /** Subscriber ids of a channel, newest first. */
  listSubscribers(channelId: string, page: PageQuery): Promise<Page<string>>;
  /** Channel ids a user follows, newest first. */
  listSubscriptions(subscriberId: string, page: PageQuery): Promise<Page<string>>;
  /** Removes every pair in which the user is either side. */
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
  /** Answers when every backend responds; throws `DependencyError` otherwise (for `/ready`). */
  ping?(): Promise<void>;
  /** Closes only what the adapters opened themselves. */
  dispose?(): Promise<void>;
}
