import { describe, expect, it } from 'vitest';
import { call, makeVault, signUp } from '../helpers/vault.js';

describe('login', () => {
  it('POST /auth/login - a verified account gets a session; email, username and identifier all work', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery', username: 'ada' });
    await t.vault.auth.verifyEmail({ email: 'ada@example.com', code: t.lastCode('ada@example.com') });
    for (const body of [
      { identifier: 'ADA@example.com', password: 'correct horse battery' },
      { email: 'ada@example.com', password: 'correct horse battery' },
      { username: 'Ada', password: 'correct horse battery' },
    ]) {
      const res = await call(t, 'POST /auth/login', { body });
      expect(res.status).toBe(200);
      expect(res.json.data.user).toMatchObject({ email: 'ada@example.com', username: 'ada' });
      expect(res.json.data.user).not.toHaveProperty('passwordHash');
      const me = await call(t, 'GET /users/me', { token: res.json.data.accessToken });
      expect(me.status).toBe(200);
    }
  });

  it('POST /auth/login - an unknown account and a wrong password give the same 401', async () => {
    const t = makeVault();
    await signUp(t);
    const wrong = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'wrong password!!' } });
    const unknown = await call(t, 'POST /auth/login', { body: { identifier: 'nobody@example.com', password: 'wrong password!!' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect(wrong.json.code).toBe('INVALID_CREDENTIALS');
  });

  it('POST /auth/login - an unverified account is 403 EMAIL_NOT_VERIFIED, but only with the right password', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
    const right = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(right.status).toBe(403);
    expect(right.json.code).toBe('EMAIL_NOT_VERIFIED');
    const wrong = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'not the password' } });
    expect(wrong.json.code).toBe('INVALID_CREDENTIALS');
  });

  it('login - 10 consecutive failures lock the account from any address, even for the right password; success resets', async () => {
    const t = makeVault();
    await signUp(t);
    for (let i = 0; i < 9; i++) {
      const res = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: `wrong-${i}-password` }, ip: `198.51.100.${i}` });
      expect(res.json.code).toBe('INVALID_CREDENTIALS');
    }
    const ok = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(ok.status).toBe(200); // success resets the count
    for (let i = 0; i < 10; i++) {
      await call(t, 'POST /auth/login', { body: { identifier: i % 2 ? 'ada@example.com' : 'ADA@EXAMPLE.COM', password: 'nope nope nope' }, ip: `2001:db8:${i}::1` });
    }
    const locked = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' }, ip: '192.0.2.200' });
    expect(locked.status).toBe(429);
    expect(locked.json).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfter: expect.any(Number) });
    expect(locked.headers['Retry-After']).toBeDefined();
    t.advance(15 * 60_000 + 1000);
    const after = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(after.status).toBe(200);
  });

  it('login - with twoFactor "required", a challenge and the emailed code finish the login', async () => {
    const t = makeVault({ auth: { twoFactor: 'required' } });
    await signUp(t);
    t.advance(61_000);
    const res = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(res.status).toBe(202);
    expect(res.json.data).toEqual({ challengeId: expect.any(String), challenge: 'email-otp' });
    expect(res.json.data).not.toHaveProperty('accessToken');
    const code = t.lastCode('ada@example.com');
    const bad = await call(t, 'POST /auth/login/verify', { body: { challengeId: res.json.data.challengeId + 'x', code } });
    expect(bad.json.code).toBe('INVALID_CHALLENGE');
    const done = await call(t, 'POST /auth/login/verify', { body: { challengeId: res.json.data.challengeId, code } });
    expect(done.status).toBe(200);
    expect(done.json.data.accessToken).toEqual(expect.any(String));
    const replay = await call(t, 'POST /auth/login/verify', { body: { challengeId: res.json.data.challengeId, code } });
    expect(replay.json.code).toBe('INVALID_CODE');
  });

  it('login - with twoFactor "optional" the user opts in with their password; the challenge expires', async () => {
    const t = makeVault();
    const { tokens } = await signUp(t);
    const wrongPw = await call(t, 'POST /auth/two-factor', { token: tokens.accessToken, body: { enabled: true, password: 'nope nope nope' } });
    expect(wrongPw.status).toBe(400);
    const on = await call(t, 'POST /auth/two-factor', { token: tokens.accessToken, body: { enabled: true, password: 'correct horse battery' } });
    expect(on.json.data.user.twoFactorEnabled).toBe(true);
    t.advance(61_000);
    const res = await t.vault.auth.login({ identifier: 'ada@example.com', password: 'correct horse battery' });
    expect(res).toEqual({ challengeId: expect.any(String), challenge: 'email-otp' });
    t.advance(11 * 60_000);
    const late = await call(t, 'POST /auth/login/verify', { body: { challengeId: (res as { challengeId: string }).challengeId, code: t.lastCode('ada@example.com') } });
    expect(late.json.code).toBe('INVALID_CHALLENGE');
  });

  it('login - a login-success notice is mailed (and can be turned off)', async () => {
    const t = makeVault();
    await signUp(t);
    const before = t.mailer.messages('ada@example.com').length;
    await t.vault.auth.login({ identifier: 'ada@example.com', password: 'correct horse battery' }, { client: { ip: '203.0.113.9', userAgent: 'Firefox' } });
    await new Promise((r) => setImmediate(r));
    const mails = t.mailer.messages('ada@example.com');
    expect(mails.length).toBe(before + 1);
    expect(mails[0]!.text).toContain('203.0.113.9');
    expect(mails[0]!.html).toContain('<');

    const quiet = makeVault({ auth: { loginNotification: false } });
    await signUp(quiet);
    const n = quiet.mailer.messages('ada@example.com').length;
    await quiet.vault.auth.login({ identifier: 'ada@example.com', password: 'correct horse battery' });
    await new Promise((r) => setImmediate(r));
    expect(quiet.mailer.messages('ada@example.com').length).toBe(n);
  });

  it('login - a rehash happens on login when the cost changes', async () => {
    const t = makeVault();
    await signUp(t);
    const before = (await t.vault.storage.users.findByEmail('ada@example.com'))!.passwordHash;
    const storage = t.vault.storage;
    const { createVault } = await import('../../src/index.js');
    const stronger = createVault({ storage, tokens: { secret: 'test-secret-that-is-at-least-32-bytes-long!!' }, passwords: { bcryptCost: 5, UNSAFE_allowLowCostForTests: true } });
    await stronger.auth.login({ identifier: 'ada@example.com', password: 'correct horse battery' });
    const after = (await storage.users.findByEmail('ada@example.com'))!.passwordHash;
    expect(after).not.toBe(before);
    expect(after).toContain('$05$');
  });

  /** @see issue 9 (2. parallel guesses get around the per-account lock) */
  it('login - 40 parallel attempts: 10 passwords are checked, the right one sent last is ACCOUNT_LOCKED', async () => {
    const t = makeVault();
    const { email, password } = await signUp(t);
    const checked: string[] = [];
    t.vault.on('auth.failed', (e) => checked.push(e.reason));
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? password : `wrong password ${i}`));
    const codes = await Promise.all(
      guesses.map((guess) => t.vault.auth.login({ identifier: email, password: guess }).then(() => 'OK', (e: { code: string }) => e.code)),
    );
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(30);
    expect(codes[39]).toBe('ACCOUNT_LOCKED');
    expect(checked.filter((r) => r === 'invalid_credentials')).toHaveLength(10);
    await expect(t.vault.auth.login({ identifier: email, password })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});
