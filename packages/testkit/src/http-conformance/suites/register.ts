import { describe, expect } from 'vitest';
import { expectError, expectSuccess, latestCode, logIn, PASSWORD, signUp, uniqueEmail, type Json } from '../flows.js';
import type { SuiteTools } from '../suite.js';

/** The public user shape of DESIGN §7b: exactly these fields, never a secret one. */
export const USER_FIELDS = [
  'avatarUrl', 'bio', 'coverUrl', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'role', 'twoFactorEnabled', 'updatedAt', 'username',
];

const messageOf = (body: { message?: unknown; data?: { message?: unknown } }) => body.message ?? body.data?.message;

/** register → OTP → verify-email, resend-otp, username-available. */
export function registerSuite({ start, route }: SuiteTools): void {
  describe('registration', () => {
    route('POST /auth/register')('POST /auth/register - 202 with a message; the account is unverified and a 6-digit code is mailed', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      const answer = await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD, name: 'Ada' } });
      expectSuccess(answer, 202);
      expect(messageOf(answer.body)).toEqual(expect.any(String));
      expect(JSON.stringify(answer.body)).not.toMatch(/accessToken|refreshToken|passwordHash/);
      expect(answer.cookies).toEqual([]);
      const stored = await ctx.vault.storage.users.findByEmail(email);
      expect(stored?.emailVerified).toBe(false);
      expect(await latestCode(ctx, email)).toMatch(/^\d{6}$/);
      // The code travels only by mail, never in the answer.
      expect(JSON.stringify(answer.body)).not.toContain(await latestCode(ctx, email));
    });

    route('POST /auth/register', 'POST /auth/verify-email')('POST /auth/verify-email - 200 session: public user, tokens, cookies, no-store', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
      const answer = await ctx.api('POST', '/auth/verify-email', { json: { email, code: await latestCode(ctx, email) } });
      const data = expectSuccess(answer) as Json;
      expect(Object.keys(data.user).sort()).toEqual(USER_FIELDS);
      expect(data.user).toMatchObject({ email, role: 'user', emailVerified: true });
      expect(data).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) });
      expect(answer.headers.get('cache-control')).toMatch(/no-store/);
      expect(answer.cookies.map((c) => c.name).sort()).toEqual(['vk_at', 'vk_rt']);
    });

    route('POST /auth/register', 'POST /auth/verify-email')('POST /auth/verify-email - a wrong code is 400 INVALID_CODE and signs nobody in', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
      const code = await latestCode(ctx, email);
      const wrong = code === '000000' ? '111111' : '000000';
      const answer = await ctx.api('POST', '/auth/verify-email', { json: { email, code: wrong } });
      expectError(answer, 400, 'INVALID_CODE');
      expect(answer.cookies).toEqual([]);
      expect((await ctx.vault.storage.users.findByEmail(email))?.emailVerified).toBe(false);
    });

    route('POST /auth/register', 'POST /auth/verify-email')('POST /auth/register - a role in the body is ignored', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      const answer = await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD, role: 'admin' } });
      // Unknown fields are rejected or ignored, never stored.
      expect([202, 400]).toContain(answer.status);
      expect((await ctx.vault.storage.users.findByEmail(email))?.role ?? 'user').toBe('user');
    });

    route('POST /auth/register')('POST /auth/register - a taken address answers 202 like a new one and mails the owner a notice', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      await ctx.vault.admin.ensureAdmin({ email, password: PASSWORD });
      const before = ctx.mailer.messages(email).length;
      const answer = await ctx.api('POST', '/auth/register', { json: { email, password: 'another password 123' } });
      expectSuccess(answer, 202);
      // The notice may leave in the background.
      await expect.poll(() => ctx.mailer.messages(email).length).toBe(before + 1);
      // The existing account is untouched: the old password still works.
      await logIn(ctx, email);
    });

    route('POST /auth/register', 'POST /auth/login')('POST /auth/login - an unverified account is 403 EMAIL_NOT_VERIFIED', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
      const answer = await ctx.api('POST', '/auth/login', { json: { identifier: email, password: PASSWORD } });
      expectError(answer, 403, 'EMAIL_NOT_VERIFIED');
      expect(answer.cookies).toEqual([]);
    });

    route('POST /auth/register')('POST /auth/register - an address registered a moment ago answers exactly like a new one (202, never the mail cooldown\'s 429)', async () => {
      const ctx = await start();
      const existing = await signUp(ctx);
      const pending = uniqueEmail('pending');
      const fresh = await ctx.api('POST', '/auth/register', { json: { email: pending, password: PASSWORD } });
      expect(fresh.status).toBe(202);
      for (const email of [existing.email, pending, existing.email, pending]) {
        const again = await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
        expect({ status: again.status, body: again.body }).toEqual({ status: fresh.status, body: fresh.body });
      }
    });

    route('POST /auth/register', 'POST /auth/resend-otp')('POST /auth/resend-otp - within the cooldown it is 429 RATE_LIMITED, the same for an unknown address', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
      const resend = await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'verify-email', email } });
      expectError(resend, 429, 'RATE_LIMITED');
      const unknown = uniqueEmail('nobody');
      const first = await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'verify-email', email: unknown } });
      expectSuccess(first);
      expect(messageOf(first.body)).toEqual(expect.any(String));
      expectError(await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'verify-email', email: unknown } }), 429, 'RATE_LIMITED');
      expect(ctx.mailer.messages(unknown)).toEqual([]);
    });

    route('POST /auth/register', 'POST /auth/resend-otp', 'POST /auth/verify-email')('POST /auth/resend-otp - after the cooldown a new code replaces the old one', async () => {
      const ctx = await start({ vault: { rateLimits: { resendCooldown: '1s' } } });
      const email = uniqueEmail();
      await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
      const old = await latestCode(ctx, email);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expectSuccess(await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'verify-email', email } }));
      await expect.poll(() => ctx.mailer.messages(email).length).toBe(2);
      const fresh = await latestCode(ctx, email);
      if (fresh !== old) expectError(await ctx.api('POST', '/auth/verify-email', { json: { email, code: old } }), 400, 'INVALID_CODE');
      expectSuccess(await ctx.api('POST', '/auth/verify-email', { json: { email, code: fresh } }));
    });

    route('GET /auth/username-available', 'POST /auth/register')('GET /auth/username-available - { available } follows registrations, ignoring case', async () => {
      const ctx = await start();
      const free = await ctx.api('GET', '/auth/username-available?username=grace_h');
      expect(expectSuccess(free)).toEqual({ available: true });
      await ctx.api('POST', '/auth/register', { json: { email: uniqueEmail(), password: PASSWORD, username: 'grace_h' } });
      expect(expectSuccess(await ctx.api('GET', '/auth/username-available?username=GRACE_H'))).toEqual({ available: false });
      expectError(await ctx.api('GET', '/auth/username-available'), 400, 'VALIDATION_FAILED');
    });

    route('POST /auth/register', 'POST /auth/verify-email')('POST /auth/verify-email - the code is single use', async () => {
      const ctx = await start();
      const session = await signUp(ctx);
      const code = await latestCode(ctx, session.email);
      const again = await ctx.api('POST', '/auth/verify-email', { json: { email: session.email, code } });
      expect(again.status).toBe(400);
      expect(again.cookies).toEqual([]);
    });
  });
}
