import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/ports/storage.js';
import { memoryStorage } from '../../src/storage/memory/index.js';
import type { AccessClaims } from '../../src/tokens/types.js';
import { META, MIN, SEC, decodePayload, makeUser, setup, signedIn } from './setup.js';

const REVOKED = { ok: false, reason: 'revoked' };


describe('revocation - the hot-path check', () => {
  it('a revoked jti is refused while other tokens of the same session still pass', async () => {
    const { service, storage, pair, user, claims } = await signedIn();
    const sameSession = await service.refresh(pair.refreshToken, META);
    await storage.revocations.revokeToken(claims.jti, new Date(claims.exp * 1000), new Date());
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual(REVOKED);
    await expect(service.verifyAccess(sameSession.tokens.accessToken)).resolves.toMatchObject({ ok: true, claims: { sub: user.id } });
  });

  it('a revoked session refuses every token of that session', async () => {
    const { service, storage, pair } = await signedIn();
    const sameSession = await service.refresh(pair.refreshToken, META);
    await storage.revocations.revokeSession(pair.sessionId);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual(REVOKED);
    await expect(service.verifyAccess(sameSession.tokens.accessToken)).resolves.toEqual(REVOKED);
  });

  it('a flushed revocation store signs people out instead of letting revoked tokens back in', async () => {
    const { storage, clock, pair, claims } = await signedIn();
    await storage.revocations.revokeToken(claims.jti, new Date(claims.exp * 1000), new Date());
    // Same users and sessions, brand-new (empty) revocation store: a flush or a restart of Redis.
    const flushed: Storage = { ...storage, revocations: memoryStorage().revocations };
    const after = setup({}, { clock, storage: flushed });
    await expect(after.service.verifyAccess(pair.accessToken)).resolves.toEqual(REVOKED);
    // A refresh marks the session live again, so the user gets back in without a new login.
    const { tokens } = await after.service.refresh(pair.refreshToken, META);
    await expect(after.service.verifyAccess(tokens.accessToken)).resolves.toMatchObject({ ok: true });
  });
});

describe('revocation - logout (one session)', () => {
  it('revokes the session and the access token; the refresh token stops working', async () => {
    const { service, pair, user, claims, seen } = await signedIn();
    await expect(service.revokeSession({ userId: user.id, sessionId: pair.sessionId, reason: 'logout', claims })).resolves.toBe(true);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual(REVOKED);
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject({ code: 'INVALID_REFRESH_TOKEN', status: 401 });
    expect(seen).toEqual([{ name: 'session.revoked', payload: { userId: user.id, sessionId: pair.sessionId, reason: 'logout' } }]);
  });

  it("blacklists the jti until the token's own exp, not longer", async () => {
    const { service, storage, pair, user, claims, clock } = await signedIn();
    const other = await service.issueSession(user, META); // a live sid, so only the jti decides
    await service.revokeSession({ userId: user.id, sessionId: pair.sessionId, reason: 'logout', claims });
    const probe = { jti: claims.jti, sid: other.sessionId };
    await expect(storage.revocations.isRevoked(probe, new Date(clock.now()))).resolves.toBe(true);
    clock.set(claims.exp * 1000 - 1);
    await expect(storage.revocations.isRevoked(probe, new Date(clock.now()))).resolves.toBe(true);
    clock.set(claims.exp * 1000);
    await expect(storage.revocations.isRevoked(probe, new Date(clock.now()))).resolves.toBe(false);
  });

  it('a user cannot revoke another user\'s session', async () => {
    const { service, storage, pair } = await signedIn();
    const mallory = await makeUser(storage);
    await expect(service.revokeSession({ userId: mallory.id, sessionId: pair.sessionId, reason: 'user_request' })).resolves.toBe(false);
    const malloryClaims = decodePayload((await service.issueSession(mallory, META)).accessToken) as unknown as AccessClaims;
    await expect(
      service.revokeSession({ userId: mallory.id, sessionId: pair.sessionId, reason: 'logout', claims: { ...malloryClaims, sid: pair.sessionId } }),
    ).resolves.toBe(false);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
  });

  it('revoking one of my other sessions leaves the current one alone', async () => {
    const { service, pair, user, claims } = await signedIn();
    const laptop = await service.issueSession(user, META);
    await expect(service.revokeSession({ userId: user.id, sessionId: laptop.sessionId, reason: 'user_request', claims })).resolves.toBe(true);
    await expect(service.verifyAccess(laptop.accessToken)).resolves.toEqual(REVOKED);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
  });

  it('an unknown session is false; logging out of a lapsed session still blocks its token', async () => {
    const { service, pair, user, claims, clock } = await signedIn({ refreshTtl: '10m', accessTtl: '15m' });
    await expect(service.revokeSession({ userId: user.id, sessionId: 'nope', reason: 'user_request' })).resolves.toBe(false);
    clock.advance(10 * MIN - SEC); // the access token (capped at 10m) is still valid, the session nearly lapsed
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    await service.revokeSession({ userId: user.id, sessionId: pair.sessionId, reason: 'logout', claims });
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual(REVOKED);
  });
});

describe('revocation - every session of a user', () => {
  it('revokes them all, emits one event each, returns the count; others users are untouched', async () => {
    const { service, storage, pair, user, seen } = await signedIn();
    const second = await service.issueSession(user, META);
    const stranger = await makeUser(storage);
    const theirs = await service.issueSession(stranger, META);
    await expect(service.revokeAllSessions({ userId: user.id, reason: 'banned' })).resolves.toBe(2);
    for (const token of [pair.accessToken, second.accessToken]) await expect(service.verifyAccess(token)).resolves.toEqual(REVOKED);
    await expect(service.verifyAccess(theirs.accessToken)).resolves.toMatchObject({ ok: true });
    expect(seen.filter((e) => e.name === 'session.revoked').map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { userId: user.id, sessionId: pair.sessionId, reason: 'banned' },
        { userId: user.id, sessionId: second.sessionId, reason: 'banned' },
      ]),
    );
    await expect(service.listSessions(user.id)).resolves.toEqual([]);
  });

  it('listSessions is newest first', async () => {
    const { service, pair, user, clock } = await signedIn();
    clock.advance(SEC);
    const newer = await service.issueSession(user, META);
    const sessions = await service.listSessions(user.id);
    expect(sessions.map((s) => s.id)).toEqual([newer.sessionId, pair.sessionId]);
  });
});
