import { describe, expect } from 'vitest';
import { expectError, expectSuccess, latestCode, logIn, PASSWORD, signInAdmin, signUp, toSession, type Json } from '../flows.js';
import { isCleared } from '../cookies.js';
import { claimsOf } from '../jwt.js';
import type { SuiteTools } from '../suite.js';

/** login (and its email step), refresh rotation and reuse, logout, the session list. */
export function sessionsSuite({ start, route }: SuiteTools): void {
  describe('sessions', () => {
    route('POST /auth/register', 'POST /auth/login')('POST /auth/login - 200 session; `email` works as an alias of `identifier`', async () => {
      const ctx = await start();
      const { email, userId } = await signUp(ctx);
      const answer = await ctx.api('POST', '/auth/login', { json: { email, password: PASSWORD } });
      const data = expectSuccess(answer) as Json;
      expect(data.user.id).toBe(userId);
      expect(data.accessToken).toEqual(expect.any(String));
      expect(answer.headers.get('cache-control')).toMatch(/no-store/);
    });

    route('POST /auth/register', 'POST /auth/login')('POST /auth/login - a wrong password and an unknown account answer the same 401', async () => {
      const ctx = await start();
      const { email } = await signUp(ctx);
      const wrong = await ctx.api('POST', '/auth/login', { json: { identifier: email, password: 'not the password' } });
      const unknown = await ctx.api('POST', '/auth/login', { json: { identifier: `x${email}`, password: PASSWORD } });
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.cookies).toEqual([]);
    });

    route('POST /auth/login', 'POST /auth/login/verify', 'POST /auth/two-factor')('POST /auth/login/verify - with the email step on, login is 202 and the mailed code finishes it', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      expectSuccess(await ctx.api('POST', '/auth/two-factor', { token: admin.accessToken, json: { enabled: true, password: PASSWORD } }));
      const login = await ctx.api('POST', '/auth/login', { json: { identifier: admin.email, password: PASSWORD } });
      const challenge = expectSuccess(login, 202) as Json;
      expect(challenge).toMatchObject({ challengeId: expect.any(String), challenge: 'email-otp' });
      expect(JSON.stringify(login.body)).not.toMatch(/accessToken/);
      expect(login.cookies).toEqual([]);
      const code = await latestCode(ctx, admin.email);
      const wrong = code === '000000' ? '111111' : '000000';
      expectError(await ctx.api('POST', '/auth/login/verify', { json: { challengeId: challenge.challengeId, code: wrong } }), 400, 'INVALID_CODE');
      const done = await ctx.api('POST', '/auth/login/verify', { json: { challengeId: challenge.challengeId, code } });
      expect((expectSuccess(done) as Json).user.id).toBe(admin.userId);
      expect(done.headers.get('cache-control')).toMatch(/no-store/);
    });

    route('POST /auth/register', 'POST /auth/refresh-token')('POST /auth/refresh-token - rotates the pair (body token) and sets new cookies', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const answer = await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } });
      const next = toSession(s.email, answer);
      expectSuccess(answer);
      expect(next.userId).toBe(s.userId);
      expect(next.refreshToken).not.toBe(s.refreshToken);
      expect(answer.headers.get('cache-control')).toMatch(/no-store/);
      expect(answer.cookies.map((c) => c.name).sort()).toEqual(['vk_at', 'vk_rt']);
      expectSuccess(await ctx.api('GET', '/users/me', { token: next.accessToken }));
    });

    route('POST /auth/register', 'POST /auth/refresh-token')('POST /auth/refresh-token - the refresh cookie works without a body', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const answer = await ctx.api('POST', '/auth/refresh-token', { cookies: { vk_rt: s.refreshToken } });
      expect(toSession(s.email, answer).userId).toBe(s.userId);
    });

    route('POST /auth/refresh-token')('POST /auth/refresh-token - an unknown token is 401 INVALID_REFRESH_TOKEN; none at all is 401', async () => {
      const ctx = await start();
      expectError(await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: 'not-a-token' } }), 401, 'INVALID_REFRESH_TOKEN');
      expect((await ctx.api('POST', '/auth/refresh-token', { json: {} })).status).toBe(401);
    });

    route('POST /auth/register', 'POST /auth/refresh-token', 'GET /users/me')(
      'POST /auth/refresh-token - the previous token within the grace gets the same pair; after it, 401 REFRESH_TOKEN_REUSED revokes the session',
      async () => {
        const ctx = await start({ manualClock: true });
        const s = await signUp(ctx);
        const first = toSession(s.email, await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } }));
        const raced = toSession(s.email, await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } }));
        expect(raced.refreshToken).toBe(first.refreshToken);
        ctx.clock!.advance(11_000);
        const reused = await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } });
        expectError(reused, 401, 'REFRESH_TOKEN_REUSED');
        expect((await ctx.api('GET', '/users/me', { token: first.accessToken })).status).toBe(401);
        expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
        expect((await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: first.refreshToken } })).status).toBe(401);
      },
    );

    route('POST /auth/register', 'POST /auth/refresh-token')('POST /auth/refresh-token - a token two rotations back is reuse even within the grace', async () => {
      const ctx = await start({ manualClock: true });
      const s = await signUp(ctx);
      const r1 = toSession(s.email, await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } }));
      const r2 = toSession(s.email, await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: r1.refreshToken } }));
      expect(r2.refreshToken).toEqual(expect.any(String));
      expectError(await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } }), 401, 'REFRESH_TOKEN_REUSED');
      expect((await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: r2.refreshToken } })).status).toBe(401);
    });

    route('POST /auth/register', 'POST /auth/logout', 'GET /users/me')('POST /auth/logout - clears the cookies; the access and refresh tokens fail at once', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const answer = await ctx.api('POST', '/auth/logout', { token: s.accessToken });
      expectSuccess(answer);
      const cleared = answer.cookies.filter(isCleared);
      expect(cleared.map((c) => c.name).sort()).toEqual(['vk_at', 'vk_rt']);
      expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
      expect((await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: s.refreshToken } })).status).toBe(401);
    });

    route('POST /auth/register', 'POST /auth/login', 'POST /auth/logout-all', 'GET /users/me')('POST /auth/logout-all - every session of the user is signed out', async () => {
      const ctx = await start();
      const a = await signUp(ctx);
      const b = await logIn(ctx, a.email);
      expectSuccess(await ctx.api('POST', '/auth/logout-all', { token: a.accessToken }));
      expect((await ctx.api('GET', '/users/me', { token: a.accessToken })).status).toBe(401);
      expect((await ctx.api('GET', '/users/me', { token: b.accessToken })).status).toBe(401);
      expect((await ctx.api('POST', '/auth/refresh-token', { json: { refreshToken: b.refreshToken } })).status).toBe(401);
    });

    route('POST /auth/register', 'POST /auth/login', 'GET /auth/sessions', 'DELETE /auth/sessions/:id')(
      'DELETE /auth/sessions/:id - lists the sessions and revokes one; an unknown id is 404',
      async () => {
        const ctx = await start();
        const a = await signUp(ctx);
        const b = await logIn(ctx, a.email);
        const data = expectSuccess(await ctx.api('GET', '/auth/sessions', { token: a.accessToken })) as Json;
        const items: { id: string }[] = Array.isArray(data) ? data : data.items;
        const sidOfB = claimsOf(b.accessToken).sid as string;
        expect(items.map((item) => item.id).sort()).toEqual([claimsOf(a.accessToken).sid, sidOfB].sort());
        expect(JSON.stringify(data)).not.toMatch(/refreshHash|previousHash|sealed/i);
        expectSuccess(await ctx.api('DELETE', `/auth/sessions/${sidOfB}`, { token: a.accessToken }));
        expect((await ctx.api('GET', '/users/me', { token: b.accessToken })).status).toBe(401);
        expectSuccess(await ctx.api('GET', '/users/me', { token: a.accessToken }));
        expectError(await ctx.api('DELETE', '/auth/sessions/no-such-session', { token: a.accessToken }), 404, 'NOT_FOUND');
      },
    );
  });
}
