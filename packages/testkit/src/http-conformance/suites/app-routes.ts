import { describe, expect } from 'vitest';
import { expectError, signInAdmin, signUp } from '../flows.js';
import type { SuiteTools } from '../suite.js';

const REG = 'POST /auth/register';

/** The adapter's `requireAuth` / `requireRole` on the app's own routes (`/app/me`, `/app/admin`). */
export function appRoutesSuite({ start, route }: SuiteTools): void {
  describe('app routes', () => {
    route()('GET /app/me - requireAuth answers the 401 envelope without a token', async () => {
      const ctx = await start();
      expectError(await ctx.raw('GET', '/app/me'), 401, 'AUTH_REQUIRED');
      expectError(await ctx.raw('GET', '/app/me', { token: 'garbage' }), 401, 'INVALID_TOKEN');
    });

    route(REG)('GET /app/me - requireAuth passes a Bearer token or the cookie and sets the user { id, role, sessionId }', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const bearer = await ctx.raw('GET', '/app/me', { token: s.accessToken });
      expect(bearer.status).toBe(200);
      expect(bearer.body.user).toEqual({ id: s.userId, role: 'user', sessionId: expect.any(String) });
      const cookie = await ctx.raw('GET', '/app/me', { cookies: { vk_at: s.accessToken } });
      expect(cookie.body.user.id).toBe(s.userId);
    });

    route(REG, 'POST /auth/logout')('GET /app/me - a logged-out token is refused at once', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      await ctx.api('POST', '/auth/logout', { token: s.accessToken });
      expect((await ctx.raw('GET', '/app/me', { token: s.accessToken })).status).toBe(401);
    });

    route(REG)("GET /app/admin - requireRole('admin'): 401 without a token, 403 FORBIDDEN for a user, 2xx for an admin", async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const admin = await signInAdmin(ctx);
      expectError(await ctx.raw('GET', '/app/admin'), 401, 'AUTH_REQUIRED');
      expectError(await ctx.raw('GET', '/app/admin', { token: s.accessToken }), 403, 'FORBIDDEN');
      const ok = await ctx.raw('GET', '/app/admin', { token: admin.accessToken });
      expect(ok.status).toBeGreaterThanOrEqual(200);
      expect(ok.status).toBeLessThan(300);
    });
  });
}
