import { describe, expect } from 'vitest';
import type { SetCookie } from '../cookies.js';
import { expectError, expectSuccess, PASSWORD, signUp, toSession } from '../flows.js';
import type { Ctx } from '../harness.js';
import type { SuiteTools } from '../suite.js';

const REG = 'POST /auth/register';
const HTTPS = { 'x-forwarded-proto': 'https' };
const FOREIGN = 'https://evil.example';

const byName = (cookies: SetCookie[], name: string) => cookies.find((c) => c.name === name);

/** Logs in over "https" (a trusted proxy's header) and returns the session answer. */
async function httpsLogin(ctx: Ctx, email: string) {
  return ctx.api('POST', '/auth/login', { json: { identifier: email, password: PASSWORD }, headers: HTTPS });
}

/** Cookie names and attributes per transport, and the CSRF origin check (DESIGN §4, §7b). */
export function cookiesCsrfSuite({ start, route }: SuiteTools): void {
  describe('cookies', () => {
    route(REG)('POST /auth/verify-email - plain http: vk_at (Path=/) and vk_rt (Path=<prefix>/auth), HttpOnly, SameSite=Lax, no Secure', async () => {
      const ctx = await start();
      const { answer } = await signUp(ctx);
      const at = byName(answer.cookies, 'vk_at')!;
      const rt = byName(answer.cookies, 'vk_rt')!;
      expect(at.attributes).toMatchObject({ path: '/', httponly: true });
      expect(rt.attributes).toMatchObject({ path: `${ctx.prefix}/auth`, httponly: true });
      for (const cookie of [at, rt]) {
        expect(String(cookie.attributes.samesite).toLowerCase()).toBe('lax');
        expect(cookie.attributes.secure).toBeUndefined();
        expect(Number(cookie.attributes['max-age'])).toBeGreaterThan(0);
      }
      expect(at.value).toBe(answer.body.data.accessToken);
      expect(rt.value).toBe(answer.body.data.refreshToken);
    });

    route(REG, 'POST /auth/login')('POST /auth/login - behind a trusted proxy over https: __Host-vk_at and __Secure-vk_rt, Secure', async () => {
      const ctx = await start({ vault: { http: { trustProxy: true } } });
      const { email } = await signUp(ctx);
      const answer = await httpsLogin(ctx, email);
      expectSuccess(answer);
      const at = byName(answer.cookies, '__Host-vk_at')!;
      const rt = byName(answer.cookies, '__Secure-vk_rt')!;
      expect(at.attributes).toMatchObject({ path: '/', secure: true, httponly: true });
      expect(at.attributes.domain).toBeUndefined();
      expect(rt.attributes).toMatchObject({ path: `${ctx.prefix}/auth`, secure: true, httponly: true });
      expect(String(rt.attributes.samesite).toLowerCase()).toBe('lax');
      expect(byName(answer.cookies, 'vk_at')).toBeUndefined();
      // The secure cookie authenticates a later https request.
      expectSuccess(await ctx.api('GET', '/users/me', { cookies: { '__Host-vk_at': at.value }, headers: HTTPS }));
    });

    route(REG, 'POST /auth/login')('POST /auth/login - X-Forwarded-Proto is ignored without trustProxy', async () => {
      const ctx = await start();
      const { email } = await signUp(ctx);
      const answer = await httpsLogin(ctx, email);
      expect(answer.cookies.map((c) => c.name).sort()).toEqual(['vk_at', 'vk_rt']);
      expect(byName(answer.cookies, 'vk_at')!.attributes.secure).toBeUndefined();
    });

    route(REG, 'POST /auth/login')('POST /auth/login - tokenTransport "cookie" keeps tokens out of the body; "body" sets no cookie', async () => {
      const cookieOnly = await start({ vault: { http: { tokenTransport: 'cookie' } } });
      const a = await signUp(cookieOnly);
      const viaCookie = await cookieOnly.api('POST', '/auth/login', { json: { identifier: a.email, password: PASSWORD } });
      expect(viaCookie.body.data.user.id).toBe(a.userId);
      expect(viaCookie.body.data.accessToken).toBeUndefined();
      expect(viaCookie.body.data.refreshToken).toBeUndefined();
      expect(viaCookie.cookies.map((c) => c.name).sort()).toEqual(['vk_at', 'vk_rt']);

      const bodyOnly = await start({ vault: { http: { tokenTransport: 'body' } } });
      const b = await signUp(bodyOnly);
      expect(b.accessToken).toEqual(expect.any(String));
      expect(b.answer.cookies).toEqual([]);
    });
  });

  describe('csrf', () => {
    const LOGOUT = 'POST /auth/logout';

    route(REG, LOGOUT, 'GET /users/me')('POST /auth/logout - cookie-authenticated with a foreign Origin is 403 CSRF_REJECTED and changes nothing', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const cookies = { vk_at: s.accessToken };
      expectError(await ctx.api('POST', '/auth/logout', { cookies, headers: { origin: FOREIGN } }), 403, 'CSRF_REJECTED');
      expectError(await ctx.api('POST', '/auth/logout', { cookies, headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'CSRF_REJECTED');
      expectError(await ctx.api('POST', '/auth/logout', { cookies, headers: { origin: 'null' } }), 403, 'CSRF_REJECTED');
      expectSuccess(await ctx.api('GET', '/users/me', { cookies }));
    });

    route(REG, LOGOUT)('POST /auth/logout - a trusted Origin passes with the cookie', async () => {
      const ctx = await start({ vault: { http: { trustedOrigins: ['https://app.example'] } } });
      const s = await signUp(ctx);
      expectSuccess(await ctx.api('POST', '/auth/logout', { cookies: { vk_at: s.accessToken }, headers: { origin: 'https://app.example' } }));
    });

    route(REG, LOGOUT)("POST /auth/logout - the server's own origin, or no Origin at all (non-browser client), passes", async () => {
      const ctx = await start();
      const a = await signUp(ctx);
      expectSuccess(await ctx.api('POST', '/auth/logout', { cookies: { vk_at: a.accessToken }, headers: { origin: ctx.url } }));
      const b = await signUp(ctx);
      expectSuccess(await ctx.api('POST', '/auth/logout', { cookies: { vk_at: b.accessToken } }));
    });

    route(REG, LOGOUT)('POST /auth/logout - a Bearer request passes whatever its Origin', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectSuccess(await ctx.api('POST', '/auth/logout', { token: s.accessToken, cookies: { vk_at: s.accessToken }, headers: { origin: FOREIGN } }));
    });

    route(REG, 'POST /auth/refresh-token')('POST /auth/refresh-token - the refresh cookie with a foreign Origin is 403 CSRF_REJECTED', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const refused = await ctx.api('POST', '/auth/refresh-token', { cookies: { vk_rt: s.refreshToken }, headers: { origin: FOREIGN } });
      expectError(refused, 403, 'CSRF_REJECTED');
      // The token was not rotated by the refused request.
      const ok = await ctx.api('POST', '/auth/refresh-token', { cookies: { vk_rt: s.refreshToken } });
      expect(toSession(s.email, ok).userId).toBe(s.userId);
    });
  });
}
