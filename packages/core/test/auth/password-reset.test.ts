import { describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/index.js';
import { call, logIn, makeVault, signUp } from '../helpers/vault.js';

describe('password reset and change', () => {
  it('forgot → verify → reset: sets the password, signs every session out, the token is single use', async () => {
    const t = makeVault();
    const { tokens } = await signUp(t);
    t.advance(61_000);
    const forgot = await call(t, 'POST /auth/forgot-password', { body: { email: 'ada@example.com' } });
    expect(forgot.status).toBe(200);
    const verify = await call(t, 'POST /auth/forgot-password/verify', { body: { email: 'ada@example.com', code: t.lastCode('ada@example.com') } });
    expect(verify.status).toBe(200);
    const { resetToken } = verify.json.data;
    const weak = await call(t, 'POST /auth/reset-password', { body: { resetToken, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    const reset = await call(t, 'POST /auth/reset-password', { body: { resetToken, newPassword: 'a brand new passphrase' } });
    expect(reset.status).toBe(200);
    expect((await call(t, 'GET /users/me', { token: tokens.accessToken })).status).toBe(401);
    await expect(t.vault.auth.refresh({ refreshToken: tokens.refreshToken })).rejects.toMatchObject({ status: 401 });
    const again = await call(t, 'POST /auth/reset-password', { body: { resetToken, newPassword: 'yet another passphrase' } });
    expect(again.json.code).toBe('INVALID_RESET_TOKEN');
    await expect(t.vault.auth.login({ identifier: 'ada@example.com', password: 'a brand new passphrase' })).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('POST /auth/forgot-password - known and unknown addresses answer the same', async () => {
    const t = makeVault();
    await signUp(t);
    t.advance(61_000);
    const known = await call(t, 'POST /auth/forgot-password', { body: { email: 'ada@example.com' } });
    const unknown = await call(t, 'POST /auth/forgot-password', { body: { email: 'ghost@example.com' } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.json).toEqual(known.json);
    expect(t.mailer.messages('ghost@example.com')).toHaveLength(0);
  });

  it('forgot-password/verify - wrong codes lock an unknown address exactly like a known one (no oracle)', async () => {
    const t = makeVault();
    await signUp(t);
    t.advance(61_000);
    await t.vault.auth.forgotPassword({ email: 'ada@example.com' });
    await t.vault.auth.forgotPassword({ email: 'ghost@example.com' });
    const codes = ['111111', '222222', '333333', '444444', '555555'].filter((c) => c !== t.lastCode('ada@example.com')).slice(0, 5);
    const answers: Record<string, string[]> = { 'ada@example.com': [], 'ghost@example.com': [] };
    for (const email of Object.keys(answers)) {
      for (const code of [...codes, '666666'].slice(0, 6)) {
        const res = await call(t, 'POST /auth/forgot-password/verify', { body: { email, code } });
        answers[email]!.push(`${res.status}:${res.json.code}`);
      }
    }
    expect(answers['ghost@example.com']).toEqual(answers['ada@example.com']);
    expect(answers['ada@example.com']).toContain('429:TOO_MANY_ATTEMPTS');
  });

  it('a failing mailer is invisible where it would reveal an account', async () => {
    const failing: Mailer = { send: async () => { throw new Error('smtp down'); } };
    const t = makeVault({ mailer: failing });
    await t.vault.storage.users.create({
      id: 'u1', email: 'ada@example.com', username: null, passwordHash: 'x', role: 'user', emailVerified: true, twoFactorEnabled: false,
      name: null, bio: null, avatar: null, cover: null, banned: false, credentialVersion: 0, createdAt: new Date(), updatedAt: new Date(),
    });
    const known = await call(t, 'POST /auth/forgot-password', { body: { email: 'ada@example.com' } });
    const unknown = await call(t, 'POST /auth/forgot-password', { body: { email: 'ghost@example.com' } });
    expect(known.status).toBe(200);
    expect(unknown.json).toEqual(known.json);
    t.advance(61_000);
    const dup = await call(t, 'POST /auth/register', { body: { email: 'ada@example.com', password: 'correct horse battery' } });
    const fresh = await call(t, 'POST /auth/register', { body: { email: 'new@example.com', password: 'correct horse battery' } });
    expect(dup.status).toBe(202);
    expect(dup.json).toEqual(fresh.json);
  });

  it('POST /auth/change-password - other sessions end, the caller gets a fresh pair, the old token fails at once', async () => {
    const t = makeVault();
    const first = await signUp(t);
    const second = await logIn(t, 'ada@example.com', { password: 'correct horse battery' });
    const wrong = await call(t, 'POST /auth/change-password', { token: first.tokens.accessToken, body: { currentPassword: 'nope nope nope', newPassword: 'a new passphrase!' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.details[0].path).toBe('currentPassword');
    const res = await call(t, 'POST /auth/change-password', { token: first.tokens.accessToken, body: { currentPassword: 'correct horse battery', newPassword: 'a new passphrase!' } });
    expect(res.status).toBe(200);
    const fresh = res.json.data.accessToken as string;
    expect((await call(t, 'GET /users/me', { token: fresh })).status).toBe(200);
    expect((await call(t, 'GET /users/me', { token: first.tokens.accessToken })).status).toBe(401);
    expect((await call(t, 'GET /users/me', { token: second.tokens.accessToken })).status).toBe(401);
    await expect(t.vault.auth.refresh({ refreshToken: second.tokens.refreshToken })).rejects.toMatchObject({ status: 401 });
  });
});
