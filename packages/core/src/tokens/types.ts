import type { SessionRecord, UserRecord } from '../ports/storage.js';
import type { SessionRevokeReason } from '../events/types.js';

/** The claims of a vaultkit access token. */
export interface AccessClaims {
  sub: string;
  sid: string;
  jti: string;
  role: string;
  typ: 'access';
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

/** Who is calling, as far as the transport tells. */
export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A freshly issued pair. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Access-token lifetime in seconds. */
  expiresIn: number;
  sessionId: string;
  /** When the refresh token stops working (ms since epoch), for the cookie. */
  refreshExpiresAt: number;
}

/** Why a token was not accepted (an expected failure is a value, not an exception). */
export type AccessFailure = 'invalid' | 'expired' | 'revoked';

export type AccessVerification = { ok: true; claims: AccessClaims } | { ok: false; reason: AccessFailure };

export interface TokenService {
  /**
   * Creates a session for the user (as read before the password check) and returns its first
   * pair. Refuses (`INVALID_CREDENTIALS`, or `ACCOUNT_BANNED`) and leaves no session when the
   * user's credentials changed, or the user was banned or deleted, since `user` was read.
   */
  issueSession(user: UserRecord, meta: ClientMeta): Promise<SessionTokens>;
  /**
   * Rotates a refresh token (atomic compare-and-set). The previous token within the reuse grace
   * gets the same new pair again; any other used token revokes the session and throws
   * `REFRESH_TOKEN_REUSED`. Unknown / expired tokens throw `INVALID_REFRESH_TOKEN`; a banned or
   * deleted user's session is revoked and throws `INVALID_REFRESH_TOKEN`.
   */
  refresh(refreshToken: string, meta: ClientMeta): Promise<{ tokens: SessionTokens; user: UserRecord }>;
  /** Signature, claims and the live-session/`jti` check (one store round trip). */
  verifyAccess(token: string): Promise<AccessVerification>;
  /** Revokes one session; with `claims`, also blacklists that access token until its `exp`. */
  revokeSession(input: { userId: string; sessionId: string; reason: SessionRevokeReason; claims?: AccessClaims }): Promise<boolean>;
  /**
   * Revokes every session of a user, also those being created by logins in flight (it bumps the
   * user's `credentialVersion` first). Returns how many stored sessions it revoked.
   */
  revokeAllSessions(input: { userId: string; reason: SessionRevokeReason }): Promise<number>;
  listSessions(userId: string): Promise<SessionRecord[]>;
}
