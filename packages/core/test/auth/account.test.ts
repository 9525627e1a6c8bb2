import { describe, expect, it } from 'vitest';
import { createVault, VaultConfigError } from '../../src/index.js';
import { call, logIn, makeVault, signUp } from '../helpers/vault.js';

describe('account, sessions and leaks', () => {
  it('PATCH /users/me - updates name/username/bio; a taken username is 409; unknown fields are ignored', async () => {
    const t = makeVault();
    const ada = await signUp(t, 'ada@example.com');
    await t.vault.auth.register({ email: 'bob@example.com', password: 'correct horse battery', username: 'bob' });
    const res = await call(t, 'PATCH /users/me', { token: ada.tokens.accessToken, body: { name: 'Ada L.', username: 'Ada', bio: 'maths', role: 'admin', email: 'x@y.z' } });
    expect(res.status).toBe(200);
    expect(res.json.data.user).toMatchObject({ name: 'Ada L.', username: 'ada', bio: 'maths', role: 'user', email: 'ada@example.com' });
    const taken = await call(t, 'PATCH /users/me', { token: ada.tokens.accessToken, body: { username: 'BOB' } });
    expect(taken.status).toBe(409);
    const avail = await call(t, 'GET /auth/username-available', { query: { username: 'Bob' } });
    expect(avail.json.data).toEqual({ available: false });
    const free = await call(t, 'GET /auth/username-available', { query: { username: 'carol' } });
    expect(free.json.data).toEqual({ available: true });
    const empty = await call(t, 'PATCH /users/me', { token: ada.tokens.accessToken, body: {} });
    expect(empty.status).toBe(400);
  });

  it('DELETE /users/me - needs the password; removes the account and signs it out', async () => {
    const t = makeVault();
    const ada = await signUp(t);
    const noPw = await call(t, 'DELETE /users/me', { token: ada.tokens.accessToken, body: { password: 'wrong one!!' } });
    expect(noPw.status).toBe(400);
    const res = await call(t, 'DELETE /users/me', { token: ada.tokens.accessToken, body: { password: 'correct horse battery' } });
    expect(res.status).toBe(200);
    expect(await t.vault.storage.users.findByEmail('ada@example.com')).toBeNull();
    expect((await call(t, 'GET /users/me', { token: ada.tokens.accessToken })).status).toBe(401);
  });

  it('sessions - list, revoke another, logout and logout-all', async () => {
    const t = makeVault();
    const a = await signUp(t);
    const b = await logIn(t, 'ada@example.com', { password: 'correct horse battery', client: { ip: '198.51.100.1', userAgent: 'Phone' } });
    const list = await call(t, 'GET /auth/sessions', { token: a.tokens.accessToken });
    expect(list.json.data.total).toBe(2);
    expect(list.json.data.items.find((s: { current: boolean }) => s.current).id).toBe(a.caller.sessionId);
    expect(JSON.stringify(list.json)).not.toContain('refreshHash');
    const revoke = await call(t, `DELETE /auth/sessions/${b.caller.sessionId}`, { token: a.tokens.accessToken });
    expect(revoke.status).toBe(200);
    expect((await call(t, 'GET /users/me', { token: b.tokens.accessToken })).status).toBe(401);
    expect((await call(t, `DELETE /auth/sessions/${b.caller.sessionId}`, { token: a.tokens.accessToken })).status).toBe(404);

    const logout = await call(t, 'POST /auth/logout', { token: a.tokens.accessToken });
    expect(logout.status).toBe(200);
    expect((await call(t, 'GET /users/me', { token: a.tokens.accessToken })).status).toBe(401);

    const c = await logIn(t, 'ada@example.com');
    const d = await logIn(t, 'ada@example.com');
    const all = await call(t, 'POST /auth/logout-all', { token: c.tokens.accessToken });
    expect(all.status).toBe(200);
    expect((await call(t, 'GET /users/me', { token: d.tokens.accessToken })).status).toBe(401);
    expect((await call(t, 'GET /users/me', { token: c.tokens.accessToken })).status).toBe(401);
  });

  it('no response or event payload carries a hash, a code or a token it should not', async () => {
    const t = makeVault({ auth: { twoFactor: 'optional' } });
    const events: unknown[] = [];
    for (const name of ['user.registered', 'user.verified', 'auth.login', 'auth.failed', 'otp.sent', 'auth.logout', 'session.revoked', 'password.changed', 'password.reset_requested', 'token.refreshed', 'token.reuse_detected'] as const) {
      t.vault.on(name, (payload) => events.push({ name, payload }));
    }
    const responses: unknown[] = [];
    const reg = await call(t, 'POST /auth/register', { body: { email: 'ada@example.com', password: 'correct horse battery' } });
    responses.push(reg.json);
    const code = t.lastCode('ada@example.com');
    const verified = await call(t, 'POST /auth/verify-email', { body: { email: 'ada@example.com', code } });
    const { accessToken, refreshToken } = verified.json.data;
    const refreshed = await call(t, 'POST /auth/refresh-token', { body: { refreshToken } });
    responses.push(refreshed.json, (await call(t, 'GET /users/me', { token: refreshed.json.data.accessToken })).json);
    t.advance(61_000);
    responses.push((await call(t, 'POST /auth/forgot-password', { body: { email: 'ada@example.com' } })).json);
    const resetCode = t.lastCode('ada@example.com');
    responses.push((await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'wrong password!' } })).json);
    const user = (await t.vault.storage.users.findByEmail('ada@example.com'))!;
    const secrets = [user.passwordHash, code, resetCode, accessToken, refreshToken, 'correct horse battery', 'wrong password!'];
    const dump = JSON.stringify(responses);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    const eventDump = JSON.stringify(events);
    for (const secret of [...secrets, refreshed.json.data.accessToken, refreshed.json.data.refreshToken]) expect(eventDump).not.toContain(secret);
    expect(events.length).toBeGreaterThan(4);
  });

  it('createVault - reports every configuration problem at once', () => {
    let error: unknown;
    try {
      createVault({ tokens: { secret: 'short', accessTtl: 'forever' as never }, passwords: { bcryptCost: 8 }, http: { trustedOrigins: ['not a url'] } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VaultConfigError);
    const paths = (error as VaultConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['tokens.secret', 'tokens.accessTtl', 'passwords.bcryptCost', 'http.trustedOrigins.0']));
    expect((error as Error).message).not.toContain('short');
  });
});
