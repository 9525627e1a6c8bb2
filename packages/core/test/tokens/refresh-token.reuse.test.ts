import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { META, SEC, signedIn } from './setup.js';

const REUSED = { code: 'REFRESH_TOKEN_REUSED', status: 401 };
const INVALID_REFRESH = { code: 'INVALID_REFRESH_TOKEN', status: 401 };


describe('refresh token - reuse detection', () => {
  it('the previous token after the grace is reuse: 401, session revoked, its live access token fails, event emitted', async () => {
    const { service, pair, user, clock, seen, storage } = await signedIn();
    const { tokens } = await service.refresh(pair.refreshToken, META);
    await expect(service.verifyAccess(tokens.accessToken)).resolves.toMatchObject({ ok: true });
    clock.advance(10 * SEC + 1);
    const thief = { ip: '198.51.100.9', userAgent: 'curl' };
    await expect(service.refresh(pair.refreshToken, thief)).rejects.toMatchObject(REUSED);

    await expect(service.verifyAccess(tokens.accessToken)).resolves.toEqual({ ok: false, reason: 'revoked' });
    await expect(storage.sessions.findById(pair.sessionId, new Date(clock.now()))).resolves.toBeNull();
    // The legitimate holder of the newest token is signed out too: that is the point.
    await expect(service.refresh(tokens.refreshToken, META)).rejects.toMatchObject(INVALID_REFRESH);
    expect(seen).toContainEqual({ name: 'token.reuse_detected', payload: { userId: user.id, sessionId: pair.sessionId, ip: thief.ip } });
    expect(seen).toContainEqual({ name: 'session.revoked', payload: { userId: user.id, sessionId: pair.sessionId, reason: 'reuse_detected' } });
  });

  it('a token two rotations back is reuse, even inside the grace', async () => {
    const { service, pair } = await signedIn();
    const second = await service.refresh(pair.refreshToken, META);
    await service.refresh(second.tokens.refreshToken, META);
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject(REUSED);
  });

  it('with a zero grace, the previous token is reuse right after the clock moves', async () => {
    const { service, pair, clock } = await signedIn({ reuseGraceSeconds: 0 });
    const first = await service.refresh(pair.refreshToken, META);
    await expect(service.refresh(pair.refreshToken, META)).resolves.toEqual(first);
    clock.advance(1);
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject(REUSED);
  });

  it('reuse only revokes that session, not the user\'s others', async () => {
    const { service, pair, user, clock } = await signedIn();
    const other = await service.issueSession(user, META);
    await service.refresh(pair.refreshToken, META);
    clock.advance(11 * SEC);
    await expect(service.refresh(pair.refreshToken, META)).rejects.toMatchObject(REUSED);
    await expect(service.verifyAccess(other.accessToken)).resolves.toMatchObject({ ok: true });
  });
});

describe('refresh token - forged tokens never revoke', () => {
  it('a valid session id with a made-up secret and tag is INVALID_REFRESH_TOKEN and revokes nothing', async () => {
    const { service, pair, seen } = await signedIn();
    const forged = `${pair.sessionId}.${randomBytes(32).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    await expect(service.refresh(forged, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    await expect(service.refresh(pair.refreshToken, META)).resolves.toMatchObject({ tokens: { sessionId: pair.sessionId } });
    expect(seen.some((e) => e.name === 'token.reuse_detected' || e.name === 'session.revoked')).toBe(false);
  });

  it('a real token\'s secret and tag moved onto another session id is INVALID_REFRESH_TOKEN', async () => {
    const { service, pair, user } = await signedIn();
    const victim = await service.issueSession(user, META);
    const [, secret, tag] = pair.refreshToken.split('.');
    await expect(service.refresh(`${victim.sessionId}.${secret}.${tag}`, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(service.verifyAccess(victim.accessToken)).resolves.toMatchObject({ ok: true });
  });

  it('a tampered tag or secret (one character) is INVALID_REFRESH_TOKEN', async () => {
    const { service, pair } = await signedIn();
    const [sid, secret, tag] = pair.refreshToken.split('.') as [string, string, string];
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    await expect(service.refresh(`${sid}.${secret}.${flip(tag)}`, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(service.refresh(`${sid}.${flip(secret)}.${tag}`, META)).rejects.toMatchObject(INVALID_REFRESH);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
  });
});
