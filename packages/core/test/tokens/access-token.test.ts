import { describe, expect, it } from 'vitest';
import { createAccessTokenSettings } from '../../src/tokens/access-token.js';
import { createKeyRing } from '../../src/tokens/keyring.js';
import { DAY, META, SECRET, SEC, decodeHeader, decodePayload, forge, hs256, makeUser, setup } from './setup.js';

describe('access token - issued claims', () => {
  it('carries exactly sub sid jti role typ iat exp iss aud, 15 minutes by default', async () => {
    const { service, storage, clock } = setup();
    const user = await makeUser(storage, { role: 'admin' });
    const pair = await service.issueSession(user, META);
    const claims = decodePayload(pair.accessToken);
    const iat = Math.floor(clock.now() / 1000);
    expect(claims).toEqual({ sub: user.id, sid: pair.sessionId, jti: expect.any(String), role: 'admin', typ: 'access', iat, exp: iat + 900, iss: 'vaultkit', aud: 'vaultkit' });
    expect(pair.expiresIn).toBe(900);
    expect(decodeHeader(pair.accessToken)).toEqual({ alg: 'HS256', typ: 'JWT', kid: expect.stringMatching(/^hs-/) });
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: true, claims });
  });

  it('every token gets its own jti', async () => {
    const { service, storage } = setup();
    const user = await makeUser(storage);
    const a = await service.issueSession(user, META);
    const b = await service.issueSession(user, META);
    expect(decodePayload(a.accessToken).jti).not.toBe(decodePayload(b.accessToken).jti);
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it('honours issuer, audience and accessTtl from the config', async () => {
    const { service, storage, clock } = setup({ issuer: 'https://id.example', audience: 'api', accessTtl: '5m' });
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    expect(decodePayload(pair.accessToken)).toMatchObject({ iss: 'https://id.example', aud: 'api' });
    expect(pair.expiresIn).toBe(300);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    // A token of another audience (same secret) is not ours.
    const other = setup({ audience: 'other' }, { clock, storage });
    await expect(other.service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'invalid' });
  });

  it('never lives beyond the session: the access exp is capped by the refresh expiry', async () => {
    const { service, storage, clock } = setup({ accessTtl: '2h', refreshTtl: '1h', refreshAbsoluteTtl: '1d' });
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    expect(pair.expiresIn).toBe(3600);
    expect(decodePayload(pair.accessToken).exp).toBe(Math.floor(pair.refreshExpiresAt / 1000));
    expect(pair.refreshExpiresAt).toBe(clock.now() + 3600 * SEC);
  });

  it('the first pair expires with the sliding window, capped by the absolute one', async () => {
    const { service, storage, clock } = setup({ refreshTtl: '7d', refreshAbsoluteTtl: '3d' });
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    expect(pair.refreshExpiresAt).toBe(clock.now() + 3 * DAY);
  });
});

describe('access token - header fast path', () => {
  it('our own header segment is known byte for byte; an equivalent foreign one takes the full parse and passes', async () => {
    const { service, storage, config } = setup();
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    const settings = createAccessTokenSettings(createKeyRing(config.tokens), config.tokens);
    expect(settings.ownHeaders.has(pair.accessToken.split('.')[0]!)).toBe(true);
    const { kid } = decodeHeader(pair.accessToken);
    const reordered = forge({ kid, typ: 'JWT', alg: 'HS256' }, decodePayload(pair.accessToken), hs256(Buffer.from(SECRET)));
    expect(settings.ownHeaders.has(reordered.split('.')[0]!)).toBe(false);
    await expect(service.verifyAccess(reordered)).resolves.toMatchObject({ ok: true, claims: { sub: user.id } });
  });
});

describe('access token - verify cache', () => {
  it('a cached token still goes through the revocation check', async () => {
    const { service, storage } = setup();
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true }); // now cached
    await storage.revocations.revokeSession(pair.sessionId);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'revoked' });
  });

  it('a cached token expires with its exp', async () => {
    const { service, storage, clock } = setup();
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    clock.advance(15 * 60 * SEC);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'expired' });
  });

  it('answers the same with the cache disabled', async () => {
    const { service, storage, clock } = setup({ verifyCacheSize: 0 });
    const user = await makeUser(storage);
    const pair = await service.issueSession(user, META);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true, claims: { sub: user.id } });
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    clock.advance(15 * 60 * SEC);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'expired' });
  });
});

