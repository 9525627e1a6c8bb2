import { describe, expect, it } from 'vitest';
import { DAY, META, SEC, decodePayload, signedIn } from './setup.js';

const INVALID_REFRESH = { code: 'INVALID_REFRESH_TOKEN', status: 401 };


describe('refresh token - format and storage', () => {
  it('is <sessionId>.<256-bit secret>.<tag>, and only its hash is stored', async () => {
    const { pair, storage, clock } = await signedIn();
    const [sid, secret, tag] = pair.refreshToken.split('.');
    expect(sid).toBe(pair.sessionId);
    expect(Buffer.from(secret!, 'base64url')).toHaveLength(32);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    const session = await storage.sessions.findById(pair.sessionId, new Date(clock.now()));
    expect(session).toMatchObject({ userId: expect.any(String), previousHash: null, rotatedAt: null, lastPair: null, ip: META.ip, userAgent: META.userAgent });
    expect(JSON.stringify(session)).not.toContain(secret);
    expect(session!.refreshHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['empty', ''],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['unknown session', `00000000-0000-0000-0000-000000000000.${'A'.repeat(43)}.${'A'.repeat(22)}`],
  ])('a malformed token (%s) is INVALID_REFRESH_TOKEN', async (_name, token) => {
    const { service } = await signedIn();
    await expect(service.refresh(token, META)).rejects.toMatchObject(INVALID_REFRESH);
  });

  it('a non-string token is INVALID_REFRESH_TOKEN', async () => {
    const { service } = await signedIn();
    await expect(service.refresh(undefined as unknown as string, META)).rejects.toMatchObject(INVALID_REFRESH);
  });
});

describe('refresh token - rotation', () => {
  it('returns a new pair for the same session; the new refresh token works, the access claims are fresh', async () => {
    const { service, pair, user, clock, seen } = await signedIn();
    clock.advance(60 * SEC);
    const { tokens, user: returned } = await service.refresh(pair.refreshToken, META);
    expect(returned.id).toBe(user.id);
    expect(tokens.sessionId).toBe(pair.sessionId);
    expect(tokens.refreshToken).not.toBe(pair.refreshToken);
    expect(tokens.accessToken).not.toBe(pair.accessToken);
    expect(decodePayload(tokens.accessToken)).toMatchObject({ sub: user.id, sid: pair.sessionId, iat: Math.floor(clock.now() / 1000) });
    await expect(service.verifyAccess(tokens.accessToken)).resolves.toMatchObject({ ok: true });
    expect(seen).toEqual([{ name: 'token.refreshed', payload: { userId: user.id, sessionId: pair.sessionId } }]);
    clock.advance(60 * SEC);
    await expect(service.refresh(tokens.refreshToken, META)).resolves.toMatchObject({ tokens: { sessionId: pair.sessionId } });
  });

  it('takes the role from the user record at refresh time', async () => {
    const { service, pair, user, storage } = await signedIn();
    await storage.users.update(user.id, { role: 'admin' });
    const { tokens } = await service.refresh(pair.refreshToken, META);
    expect(decodePayload(tokens.accessToken).role).toBe('admin');
  });

  it('50 concurrent refreshes of one token rotate it exactly once and all get the same new pair', async () => {
    const { service, pair, storage, seen, clock } = await signedIn();
    const before = await storage.sessions.findById(pair.sessionId, new Date(clock.now()));
    const results = await Promise.all(Array.from({ length: 50 }, () => service.refresh(pair.refreshToken, META)));
    const first = results[0]!.tokens;
    for (const r of results) expect(r.tokens).toEqual(first);
    expect(first.refreshToken).not.toBe(pair.refreshToken);
    expect(seen.filter((e) => e.name === 'token.refreshed')).toHaveLength(1);
    const after = await storage.sessions.findById(pair.sessionId, new Date(clock.now()));
    expect(after!.previousHash).toBe(before!.refreshHash);
    // The winner's pair is the live one: its refresh token rotates normally.
    await expect(service.refresh(first.refreshToken, META)).resolves.toMatchObject({ tokens: { sessionId: pair.sessionId } });
  });

  it('the previous token within the grace returns the same pair (idempotent)', async () => {
    const { service, pair, clock } = await signedIn();
    const first = await service.refresh(pair.refreshToken, META);
    clock.advance(10 * SEC); // exactly the default grace
    const again = await service.refresh(pair.refreshToken, META);
    expect(again.tokens).toEqual(first.tokens);
    await expect(service.verifyAccess(again.tokens.accessToken)).resolves.toMatchObject({ ok: true });
  });

  it('the sliding expiry follows each rotation; an idle session lapses', async () => {
    const { service, pair, clock } = await signedIn();
    clock.advance(6 * DAY);
    const next = await service.refresh(pair.refreshToken, META);
    expect(next.tokens.refreshExpiresAt).toBe(clock.now() + 7 * DAY);
    clock.advance(7 * DAY);
    await expect(service.refresh(next.tokens.refreshToken, META)).rejects.toMatchObject(INVALID_REFRESH);
  });

  it('the absolute cap is never extended by rotation', async () => {
    const { service, pair, clock } = await signedIn();
    const start = clock.now();
    let token = pair.refreshToken;
    for (let day = 6; day < 30; day += 6) {
      clock.set(start + day * DAY);
      const { tokens } = await service.refresh(token, META);
      expect(tokens.refreshExpiresAt).toBeLessThanOrEqual(start + 30 * DAY);
      expect(decodePayload(tokens.accessToken).exp as number).toBeLessThanOrEqual((start + 30 * DAY) / 1000);
      token = tokens.refreshToken;
    }
    clock.set(start + 29 * DAY + 23 * 60 * 60 * SEC);
    const last = await service.refresh(token, META);
    expect(last.tokens.refreshExpiresAt).toBe(start + 30 * DAY);
    clock.set(start + 30 * DAY);
    await expect(service.refresh(last.tokens.refreshToken, META)).rejects.toMatchObject(INVALID_REFRESH);
  });
});

describe('refresh token - the user', () => {
  it('a banned user cannot refresh; the session is revoked and its access token fails', async () => {
    const { service, pair, user, storage, seen } = await signedIn();
    await storage.users.update(user.id, { banned: true });
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'revoked' });
    await expect(service.listSessions(user.id)).resolves.toEqual([]);
    expect(seen).toContainEqual({ name: 'session.revoked', payload: { userId: user.id, sessionId: pair.sessionId, reason: 'banned' } });
  });

  it('a deleted user cannot refresh', async () => {
    const { service, pair, user, storage, clock } = await signedIn();
    await storage.users.delete(user.id);
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(storage.sessions.findById(pair.sessionId, new Date(clock.now()))).resolves.toBeNull();
  });
});
