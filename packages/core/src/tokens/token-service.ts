import { newId } from '../crypto/random.js';
import type { UserRecord } from '../ports/storage.js';
import { createAccessTokenSettings, verifyAccessSignature } from './access-token.js';
import { createKeyRing } from './keyring.js';
import { createRefreshCodec } from './refresh-token.js';
import { refreshSession } from './refresh-flow.js';
import { assertStillCurrent, revokeAllSessions, revokeSession } from './revoke.js';
import { mintPair, type TokenContext, type TokenKit } from './session-pair.js';
import type { AccessVerification, ClientMeta, SessionTokens, TokenService } from './types.js';
import { createVerifyCache } from './verify-cache.js';

const REVOKED: AccessVerification = Object.freeze({ ok: false, reason: 'revoked' });
/** Client-supplied metadata is stored, so it is bounded. */
const MAX_META_LENGTH = 512;

/**
 * The token service of DESIGN §4: sessions, access tokens (JWT, algorithm pinned per key) and
 * rotating refresh tokens with reuse detection. Keys are built once here (`KeyObject`s), so
 * the per-request path is synchronous crypto plus exactly one store round trip.
 *
 * @example
 * const tokens = createTokenService({ config, clock, storage, events, keys });
 * const result = await tokens.verifyAccess(bearer); if (result.ok) result.claims.sub;
 */
export function createTokenService(ctx: TokenContext): TokenService {
  const cfg = ctx.config.tokens;
  const kit: TokenKit = {
    ctx,
    access: createAccessTokenSettings(createKeyRing(cfg), cfg),
    codec: createRefreshCodec(ctx.keys),
  };
  const cache = createVerifyCache({ maxEntries: cfg.verifyCacheSize, clock: ctx.clock, toleranceSeconds: cfg.clockToleranceSeconds });
  const { clock, storage } = ctx;

  return {
    async issueSession(user: UserRecord, meta: ClientMeta): Promise<SessionTokens> {
      const now = clock.now();
      const sessionId = newId();
      const absoluteExpiresAt = now + cfg.refreshAbsoluteTtlMs;
      const { tokens, hash } = mintPair(kit, { user, sessionId, absoluteExpiresAt, now });
      await storage.sessions.create({
        id: sessionId,
        userId: user.id,
        refreshHash: hash,
        previousHash: null,
        rotatedAt: null,
        lastPair: null,
        expiresAt: new Date(tokens.refreshExpiresAt),
        absoluteExpiresAt: new Date(absoluteExpiresAt),
        createdAt: new Date(now),
        userAgent: bounded(meta.userAgent),
        ip: bounded(meta.ip),
        credentialVersion: user.credentialVersion,
      });
      // Live until the absolute cap: no access token of the session can outlive it.
      await storage.revocations.allowSession(sessionId, new Date(absoluteExpiresAt), new Date(now));
      await assertStillCurrent(ctx, { user, sessionId });
      return tokens;
    },

    refresh: (refreshToken, meta) => refreshSession(kit, refreshToken, meta),

    verifyAccess(token: string): Promise<AccessVerification> {
      // Hot path: cache hit or synchronous signature check, then the one store round trip. Not
      // `async` (one `then` instead of an async frame per request); a throw still rejects.
      try {
        const now = clock.now();
        let claims = cache.get(token);
        if (claims === undefined) {
          const checked = verifyAccessSignature(kit.access, token, Math.floor(now / 1000));
          if (!checked.ok) return Promise.resolve(checked);
          claims = checked.claims;
          cache.set(token, claims);
        }
        const verified: AccessVerification = { ok: true, claims };
        // Never cached: a revoked session or jti must stop working at once. (`Promise.resolve`
        // returns a native promise as it is; it only adopts an adapter's other thenable.)
        const revoked = storage.revocations.isRevoked({ jti: claims.jti, sid: claims.sid }, new Date(now));
        return Promise.resolve(revoked).then((isRevoked) => (isRevoked ? REVOKED : verified));
      } catch (error) {
        return Promise.reject(error);
      }
    },

    revokeSession: (input) => revokeSession(ctx, input),
    revokeAllSessions: (input) => revokeAllSessions(ctx, input),
    listSessions: (userId) => storage.sessions.listByUser(userId, new Date(clock.now())),
  };
}

function bounded(value: string | null): string | null {
  return value === null || value === undefined ? null : value.slice(0, MAX_META_LENGTH);
}
