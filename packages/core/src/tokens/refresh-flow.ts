import { open, seal } from '../crypto/sealed-box.js';
import { VaultError } from '../errors/vault-error.js';
import type { SessionRecord, UserRecord } from '../ports/storage.js';
import { sameText } from '../crypto/same-text.js';
import { endSession } from './revoke.js';
import { mintPair, pairAad, type TokenKit } from './session-pair.js';
import type { ClientMeta, SessionTokens } from './types.js';

export type RefreshResult = { tokens: SessionTokens; user: UserRecord };

const invalid = (): VaultError => new VaultError('INVALID_REFRESH_TOKEN');

/**
 * Rotates a refresh token. In order:
 * 1. malformed or wrongly tagged → `INVALID_REFRESH_TOKEN` (nothing else happens: a made-up
 *    token can never revoke anyone's session);
 * 2. session gone or lapsed → `INVALID_REFRESH_TOKEN`;
 * 3. the current token → a new pair through an atomic compare-and-set; the loser of a race
 *    re-reads the session and continues with step 4;
 * 4. the previous token within the grace → the very same pair again (idempotent);
 * 5. any other token we issued for this session → reuse: the session is revoked,
 *    `token.reuse_detected` is emitted and `REFRESH_TOKEN_REUSED` thrown.
 *
 * @example
 * const { tokens, user } = await refreshSession(kit, refreshToken, meta);
 */
export async function refreshSession(kit: TokenKit, refreshToken: string, meta: ClientMeta): Promise<RefreshResult> {
  const { storage, clock } = kit.ctx;
  const parsed = kit.codec.parse(refreshToken);
  if (!parsed) throw invalid();
  const now = clock.now();
  let session = await storage.sessions.findById(parsed.sessionId, new Date(now));
  if (!session || lapsed(session, now)) throw invalid();

  if (sameText(parsed.hash, session.refreshHash)) {
    const user = await activeUser(kit, session);
    const tokens = await rotate(kit, { session, user, now });
    if (tokens) {
      kit.ctx.events.emit('token.refreshed', { userId: user.id, sessionId: session.id });
      return { tokens, user };
    }
    // Lost the compare-and-set: someone rotated this very token a moment ago (another tab).
    session = await storage.sessions.findById(parsed.sessionId, new Date(now));
    if (!session) {
      // rotate() marked the session live before its CAS; a concurrent revocation must win.
      await storage.revocations.revokeSession(parsed.sessionId);
      throw invalid();
    }
  }

  if (sameText(parsed.hash, session.previousHash) && withinGrace(kit, session, now)) {
    const pair = open<SessionTokens>(kit.ctx.keys.sealKey, pairAad(session.id), session.lastPair!);
    // A box that does not open (server secret changed) is our problem, not the client's: no revocation.
    if (!pair) throw invalid();
    const user = await activeUser(kit, session);
    return { tokens: pair, user };
  }

  await endSession(kit.ctx, { userId: session.userId, sessionId: session.id, reason: 'reuse_detected' });
  kit.ctx.events.emit('token.reuse_detected', { userId: session.userId, sessionId: session.id, ip: meta.ip });
  throw new VaultError('REFRESH_TOKEN_REUSED');
}

// --- internal ---

function lapsed(session: SessionRecord, now: number): boolean {
  return session.expiresAt.getTime() <= now || session.absoluteExpiresAt.getTime() <= now;
}

function withinGrace(kit: TokenKit, session: SessionRecord, now: number): boolean {
  return session.rotatedAt !== null && session.lastPair !== null && now - session.rotatedAt.getTime() <= kit.ctx.config.tokens.reuseGraceMs;
}

/**
 * The session's user, or the session ends: a deleted or banned user gets nothing new, and neither
 * does a session created under credentials that changed since (a login racing a revocation).
 */
async function activeUser(kit: TokenKit, session: SessionRecord): Promise<UserRecord> {
  const user = await kit.ctx.storage.users.findById(session.userId);
  if (user && !user.banned && user.credentialVersion === session.credentialVersion) return user;
  const reason = !user ? 'deleted' : user.banned ? 'banned' : 'credentials_changed';
  await endSession(kit.ctx, { userId: session.userId, sessionId: session.id, reason });
  throw invalid();
}

/** The new pair when this caller won the compare-and-set, `null` when another one did. */
async function rotate(kit: TokenKit, input: { session: SessionRecord; user: UserRecord; now: number }): Promise<SessionTokens | null> {
  const { session, user, now } = input;
  const { storage, keys } = kit.ctx;
  const { tokens, hash } = mintPair(kit, { user, sessionId: session.id, absoluteExpiresAt: session.absoluteExpiresAt.getTime(), now });
  // Re-mark the session live *before* the CAS (it restores the mark after a flushed revocation
  // store). A revocation racing with us deletes the record first, so our CAS then fails and the
  // caller revokes again: a revoked session is never left marked live.
  await storage.revocations.allowSession(session.id, session.absoluteExpiresAt, new Date(now));
  const won = await storage.sessions.rotate(session.id, session.refreshHash, {
    refreshHash: hash,
    previousHash: session.refreshHash,
    rotatedAt: new Date(now),
    lastPair: seal(keys.sealKey, pairAad(session.id), tokens),
    expiresAt: new Date(tokens.refreshExpiresAt),
  });
  return won ? tokens : null;
}
