import { describe, expect } from 'vitest';
import { expectError, expectSuccess, latestCode, logIn, PASSWORD, signInAdmin, uniqueEmail, type Json } from '../flows.js';
import type { SuiteTools } from '../suite.js';

const NEW_PASSWORD = 'a brand new passphrase 42';
const FORGOT = 'POST /auth/forgot-password';

/** forgot → verify → reset, and change-password. */
export function passwordsSuite({ start, route }: SuiteTools): void {
  describe('passwords', () => {
    route(FORGOT)('POST /auth/forgot-password - 200 with the same answer whether or not the account exists', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const known = await ctx.api('POST', '/auth/forgot-password', { json: { email: admin.email } });
      const unknown = await ctx.api('POST', '/auth/forgot-password', { json: { email: uniqueEmail('nobody') } });
      expectSuccess(known);
      expect(unknown.body).toEqual(known.body);
      expect(unknown.status).toBe(known.status);
    });

    route(FORGOT, 'POST /auth/forgot-password/verify', 'POST /auth/reset-password', 'GET /users/me')(
      'POST /auth/reset-password - code → reset token → new password; every session is signed out',
      async () => {
        const ctx = await start();
        // An account made without a registration mail, so the reset mail is not held by the cooldown.
        const s = await signInAdmin(ctx);
        expectSuccess(await ctx.api('POST', '/auth/forgot-password', { json: { email: s.email } }));
        const code = await latestCode(ctx, s.email);
        const wrong = code === '000000' ? '111111' : '000000';
        expectError(await ctx.api('POST', '/auth/forgot-password/verify', { json: { email: s.email, code: wrong } }), 400, 'INVALID_CODE');
        const verified = expectSuccess(await ctx.api('POST', '/auth/forgot-password/verify', { json: { email: s.email, code } })) as Json;
        expect(verified.resetToken).toEqual(expect.any(String));
        expectSuccess(await ctx.api('POST', '/auth/reset-password', { json: { resetToken: verified.resetToken, newPassword: NEW_PASSWORD } }));
        expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
        expectError(await ctx.api('POST', '/auth/login', { json: { identifier: s.email, password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
        await logIn(ctx, s.email, NEW_PASSWORD);
        // The reset token is single use.
        expectError(await ctx.api('POST', '/auth/reset-password', { json: { resetToken: verified.resetToken, newPassword: PASSWORD } }), 400, 'INVALID_RESET_TOKEN');
      },
    );

    route('POST /auth/reset-password')('POST /auth/reset-password - a forged reset token is 400 INVALID_RESET_TOKEN', async () => {
      const ctx = await start();
      expectError(await ctx.api('POST', '/auth/reset-password', { json: { resetToken: 'forged.token', newPassword: NEW_PASSWORD } }), 400, 'INVALID_RESET_TOKEN');
    });

    route('POST /auth/change-password', 'POST /auth/login', 'GET /users/me')(
      'POST /auth/change-password - 200 session with a fresh pair; the other sessions and the old token are 401',
      async () => {
        const ctx = await start();
        const a = await signInAdmin(ctx);
        const b = await logIn(ctx, a.email);
        expectError(
          await ctx.api('POST', '/auth/change-password', { token: a.accessToken, json: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD } }),
          400,
          'VALIDATION_FAILED',
        );
        const answer = await ctx.api('POST', '/auth/change-password', { token: a.accessToken, json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
        const data = expectSuccess(answer) as Json;
        expect(answer.headers.get('cache-control')).toMatch(/no-store/);
        expect((await ctx.api('GET', '/users/me', { token: b.accessToken })).status).toBe(401);
        expect((await ctx.api('GET', '/users/me', { token: a.accessToken })).status).toBe(401);
        expectSuccess(await ctx.api('GET', '/users/me', { token: data.accessToken }));
        await logIn(ctx, a.email, NEW_PASSWORD);
      },
    );
  });
}
