/* The sessions and revocations repositories: the token state (general rules in ../storage.ts). */

export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 (base64url) of the current refresh secret. */
  refreshHash: string;
  /** SHA-256 of the refresh secret it replaced, `null` before the first rotation. */
  previousHash: string | null;
  rotatedAt: Date | null;
  /**
   * The last issued pair, sealed with a server key. Core reads it only within the reuse grace
   * window after `rotatedAt` (a client retrying the same refresh gets the same pair); it stays
   * stored, unreadable without the key, until the next rotation or the session's end.
   */
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
   * the session's absolute cap, so a second call extends or keeps it). Idempotent. `now` is the
   * core's time of the call, for a backend that sizes a relative TTL (`PX`) from it; the mark's
   * end is `expiresAt` whatever the clock.
   */
  allowSession(sid: string, expiresAt: Date, now: Date): Promise<void>;
  /** Removes the live mark of a session. Idempotent (no error for an unknown sid). */
  revokeSession(sid: string): Promise<void>;
  /**
   * Blacklists an access-token id until `expiresAt` (the token's own `exp`, so core always
   * passes the same date for one `jti`). Idempotent. `now` as for `allowSession`.
   */
  revokeToken(jti: string, expiresAt: Date, now: Date): Promise<void>;
  /**
   * One round trip (`MGET`, one SQL statement): `true` when `jti` is revoked (an entry whose
   * expiry is after `now`) or `sid` is not live at `now` (no entry, or its expiry is at or
   * before `now`); `false` only for a live session and an unrevoked token.
   */
  isRevoked(check: RevocationCheck, now: Date): Promise<boolean>;
}
