import { describe, expect, it } from 'vitest';
import { call, makeVault, signUp } from '../helpers/vault.js';

describe('register', () => {
  it('POST /auth/register - creates an unverified account, mails a code, answers 202', async () => {
    const t = makeVault();
    const res = await call(t, 'POST /auth/register', { body: { email: 'ada@example.com', password: 'correct horse battery', username: 'Ada_L' } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'success', data: { message: expect.any(String) } });
    const user = await t.vault.storage.users.findByEmail('ADA@example.com');
    expect(user).toMatchObject({ emailVerified: false, role: 'user', username: 'ada_l' });
    expect(t.lastCode('ada@example.com')).toMatch(/^\d{6}$/);
  });

  it('POST /auth/register - role "admin" in the body creates a plain user', async () => {
    const t = makeVault();
    const res = await call(t, 'POST /auth/register', { body: { email: 'eve@example.com', password: 'correct horse battery', role: 'admin', emailVerified: true } });
    expect(res.status).toBe(202);
    const user = await t.vault.storage.users.findByEmail('eve@example.com');
    expect(user?.role).toBe('user');
    expect(user?.emailVerified).toBe(false);
  });

  it('POST /auth/register - a taken email answers exactly like a new one and mails the owner a notice', async () => {
    const t = makeVault();
    await signUp(t, 'ada@example.com');
    t.advance(61_000);
    const fresh = await call(t, 'POST /auth/register', { body: { email: 'new@example.com', password: 'correct horse battery' } });
    const taken = await call(t, 'POST /auth/register', { body: { email: 'Ada@Example.com', password: 'another password here' } });
    expect(taken.status).toBe(fresh.status);
    expect(taken.json).toEqual(fresh.json);
    const strip = (h: Record<string, unknown>) => Object.keys(h).filter((k) => !k.toLowerCase().startsWith('x-ratelimit')).sort();
    expect(strip(taken.headers)).toEqual(strip(fresh.headers));
    const notice = t.mailer.messages('ada@example.com')[0]!;
    expect(notice.text).not.toMatch(/\b\d{6}\b/);
    expect(notice.subject.toLowerCase()).toContain('sign-up attempt');
    // The original password still works: the duplicate changed nothing.
    await expect(t.vault.auth.login({ identifier: 'ada@example.com', password: 'correct horse battery' })).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('register - re-registering an unverified address gives the account to whoever proves the inbox', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'victim@example.com', password: 'attacker password 1' });
    t.advance(61_000);
    await t.vault.auth.register({ email: 'victim@example.com', password: 'victim password 22' });
    await t.vault.auth.verifyEmail({ email: 'victim@example.com', code: t.lastCode('victim@example.com') });
    await expect(t.vault.auth.login({ identifier: 'victim@example.com', password: 'attacker password 1' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(t.vault.auth.login({ identifier: 'victim@example.com', password: 'victim password 22' })).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('register - with verification off, a duplicate is 409 and a new account is signed in (201)', async () => {
    const t = makeVault({ auth: { requireEmailVerification: false } });
    const created = await call(t, 'POST /auth/register', { body: { email: 'ada@example.com', password: 'correct horse battery' } });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ user: { email: 'ada@example.com', emailVerified: true }, accessToken: expect.any(String) });
    const dup = await call(t, 'POST /auth/register', { body: { email: 'ADA@example.com', password: 'correct horse battery' } });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ status: 'error', code: 'CONFLICT' });
  });

  it('POST /auth/register - a taken username is 409 with the field', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'a@example.com', password: 'correct horse battery', username: 'ada' });
    const res = await call(t, 'POST /auth/register', { body: { email: 'b@example.com', password: 'correct horse battery', username: 'ADA' } });
    expect(res.status).toBe(409);
    expect(res.json.details).toEqual([{ path: 'username', message: expect.any(String) }]);
  });

  it('POST /auth/register - invalid input lists every problem', async () => {
    const t = makeVault();
    const res = await call(t, 'POST /auth/register', { body: { email: 'nope', password: 'short', username: 'x!' } });
    expect(res.status).toBe(400);
    const paths = res.json.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['email', 'username']);
    const weak = await call(t, 'POST /auth/register', { body: { email: 'ok@example.com', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.json.details[0].path).toBe('password');
    expect(await t.vault.storage.users.findByEmail('ok@example.com')).toBeNull();
  });

  it('POST /auth/verify-email - signs in once; a second use, a wrong code or an unknown email is INVALID_CODE', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
    const code = t.lastCode('ada@example.com');
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await call(t, 'POST /auth/verify-email', { body: { email: 'ada@example.com', code: wrongCode } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('INVALID_CODE');
    const unknown = await call(t, 'POST /auth/verify-email', { body: { email: 'nobody@example.com', code } });
    expect(unknown.json.code).toBe('INVALID_CODE');
    const ok = await call(t, 'POST /auth/verify-email', { body: { email: 'ada@example.com', code } });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toMatchObject({ user: { emailVerified: true }, accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(ok.headers['Cache-Control'] ?? ok.headers['cache-control']).toBe('no-store');
    const again = await call(t, 'POST /auth/verify-email', { body: { email: 'ada@example.com', code } });
    expect(again.json.code).toBe('INVALID_CODE');
  });

  it('POST /auth/resend-otp - a resend replaces the code but does not reset the wrong-attempt count', async () => {
    const t = makeVault({ rateLimits: { scale: 100, resendCooldown: '1s' } });
    await t.vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
    const first = t.lastCode('ada@example.com');
    const wrong = first === '123456' ? '654321' : '123456';
    for (let i = 0; i < 4; i++) {
      await expect(t.vault.auth.verifyEmail({ email: 'ada@example.com', code: wrong })).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    t.advance(2000);
    const res = await call(t, 'POST /auth/resend-otp', { body: { purpose: 'verify-email', email: 'ada@example.com' } });
    expect(res.status).toBe(200);
    const second = t.lastCode('ada@example.com');
    await expect(t.vault.auth.verifyEmail({ email: 'ada@example.com', code: first })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429 });
    // Locked: even the fresh, correct code is refused now.
    await expect(t.vault.auth.verifyEmail({ email: 'ada@example.com', code: second })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('POST /auth/resend-otp - the per-address cooldown is the same for unknown addresses', async () => {
    const t = makeVault();
    await t.vault.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
    t.advance(61_000);
    const known1 = await call(t, 'POST /auth/resend-otp', { body: { purpose: 'verify-email', email: 'ada@example.com' } });
    const unknown1 = await call(t, 'POST /auth/resend-otp', { body: { purpose: 'verify-email', email: 'ghost@example.com' } });
    expect(known1.status).toBe(200);
    expect(unknown1.json).toEqual(known1.json);
    const known2 = await call(t, 'POST /auth/resend-otp', { body: { purpose: 'verify-email', email: 'ada@example.com' } });
    const unknown2 = await call(t, 'POST /auth/resend-otp', { body: { purpose: 'verify-email', email: 'ghost@example.com' } });
    expect(known2.status).toBe(429);
    expect(unknown2.status).toBe(429);
    expect(unknown2.json.code).toBe(known2.json.code);
  });

  it('register - two instances racing on one new address create one account and both answer 202', async () => {
    // Two processes share the storage but each has its own (memory) limiter, so both pass it.
    const first = makeVault();
    const storage = first.vault.storage;
    // Both lookups see "no account" before either creates it: the worst interleaving.
    const findByEmail = storage.users.findByEmail.bind(storage.users);
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((resolve) => (release = resolve));
    storage.users.findByEmail = async (email) => {
      const found = await findByEmail(email);
      if (++arrived === 2) release();
      await barrier;
      return found;
    };
    const second = makeVault({ storage });
    const body = { email: 'race@example.com', password: 'correct horse battery' };
    const answers = await Promise.all([call(first, 'POST /auth/register', { body }), call(second, 'POST /auth/register', { body })]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[1]!.json).toEqual(answers[0]!.json);
    expect((await first.vault.storage.users.list({ page: 1, limit: 10 })).total).toBe(1);
  });
});
