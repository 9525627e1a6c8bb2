import type { VaultContext } from '../context.js';
import { randomToken } from '../crypto/random.js';
import type { UserRecord } from '../ports/storage.js';
import { signAccessToken, type AccessTokenSettings } from './access-token.js';
import type { RefreshCodec } from './refresh-token.js';
import type { SessionTokens } from './types.js';

/** The part of the vault context the token service uses. */
export type TokenContext = Pick<VaultContext, 'config' | 'clock' | 'storage' | 'events' | 'keys'>;

/** What the token service builds once and its flows share. */
export interface TokenKit {
  ctx: TokenContext;
  access: AccessTokenSettings;
  codec: RefreshCodec;
}

/** The AAD of a sealed pair: a box sealed for one session never opens for another. */
export const pairAad = (sessionId: string): string => `pair:${sessionId}`;

/**
 * A new access + refresh pair for a session at `now`. The refresh token slides to
 * `now + refreshTtl` but never past the session's absolute cap, and the access token never
 * outlives the refresh expiry (so once a session has lapsed, none of its access tokens is alive).
 *
 * @example
 * const { tokens, hash } = mintPair(kit, { user, sessionId, absoluteExpiresAt, now });
 */
export function mintPair(
  kit: TokenKit,
  input: { user: Pick<UserRecord, 'id' | 'role'>; sessionId: string; absoluteExpiresAt: number; now: number },
): { tokens: SessionTokens; hash: string } {
  const { tokens: cfg } = kit.ctx.config;
  const { now, sessionId } = input;
  const refreshExpiresAt = Math.min(now + cfg.refreshTtlMs, input.absoluteExpiresAt);
  const iat = Math.floor(now / 1000);
  const exp = Math.max(iat, Math.floor(Math.min(now + cfg.accessTtlMs, refreshExpiresAt) / 1000));
  const accessToken = signAccessToken(
    kit.access,
    { sub: input.user.id, sid: sessionId, jti: randomToken(16), role: input.user.role },
    { iat, exp },
  );
  const refresh = kit.codec.issue(sessionId);
  return {
    tokens: { accessToken, refreshToken: refresh.token, expiresIn: exp - iat, sessionId, refreshExpiresAt },
    hash: refresh.hash,
  };
}
