import { describe, expect, it } from 'vitest';
import type { AccessClaims } from '../../src/tokens/types.js';
import { META, SEC, decodePayload, makeUser, setup } from './setup.js';

describe('token events - payloads', () => {
  it('no event payload contains a token, a refresh secret or a stored hash', async () => {
    const { service, storage, clock, seen } = setup();
    const user = await makeUser(storage);
    const secrets: string[] = [];
    const remember = async (sessionId: string, ...tokens: string[]) => {
      for (const t of tokens) secrets.push(t, ...t.split('.'));
      const s = await storage.sessions.findById(sessionId, new Date(clock.now()));
      if (s) secrets.push(s.refreshHash, ...(s.previousHash ? [s.previousHash] : []), ...(s.lastPair ? [s.lastPair] : []));
    };

    const a = await service.issueSession(user, META);
    await remember(a.sessionId, a.accessToken, a.refreshToken);
    const b = await service.refresh(a.refreshToken, META); // token.refreshed
    await remember(b.tokens.sessionId, b.tokens.accessToken, b.tokens.refreshToken);
    clock.advance(11 * SEC);
    await expect(service.refresh(a.refreshToken, META)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' }); // reuse + revoked

    const c = await service.issueSession(user, META);
    await remember(c.sessionId, c.accessToken, c.refreshToken);
    const claims = decodePayload(c.accessToken) as unknown as AccessClaims;
    await service.revokeSession({ userId: user.id, sessionId: c.sessionId, reason: 'logout', claims });
    const d = await service.issueSession(user, META);
    await remember(d.sessionId, d.accessToken, d.refreshToken);
    await service.revokeAllSessions({ userId: user.id, reason: 'logout_all' });

    expect(new Set(seen.map((e) => e.name))).toEqual(new Set(['token.refreshed', 'token.reuse_detected', 'session.revoked']));
    // Only segments long enough to be secret (ids such as the session id are fine to log).
    const needles = secrets.filter((s) => s.length >= 20 && !/^[0-9a-f-]{36}$/.test(s));
    for (const event of seen) {
      const text = JSON.stringify(event.payload);
      for (const needle of needles) expect(text).not.toContain(needle);
      expect(Object.keys(event.payload).sort()).toEqual(expect.not.arrayContaining(['token', 'refreshToken', 'accessToken', 'hash', 'refreshHash']));
    }
  });
});
