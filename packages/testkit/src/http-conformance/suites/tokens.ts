import { describe, expect } from 'vitest';
import { expectError, expectSuccess, signUp } from '../flows.js';
import { foreignSignedCopy, tamperedCopy, unsignedCopy } from '../jwt.js';
import type { SuiteTools } from '../suite.js';

const ME = 'GET /users/me';
const REG = 'POST /auth/register';

/** Every kind of bad access token is a 401 envelope (DESIGN §4). */
export function tokensSuite({ start, route }: SuiteTools): void {
  describe('access tokens', () => {
    route(ME)('GET /users/me - no token is 401 AUTH_REQUIRED', async () => {
      const ctx = await start();
      expectError(await ctx.api('GET', '/users/me'), 401, 'AUTH_REQUIRED');
    });

    route(ME)('GET /users/me - a garbage Bearer token or access cookie is 401 INVALID_TOKEN', async () => {
      const ctx = await start();
      expectError(await ctx.api('GET', '/users/me', { token: 'garbage' }), 401, 'INVALID_TOKEN');
      expectError(await ctx.api('GET', '/users/me', { token: 'a.b.c' }), 401, 'INVALID_TOKEN');
      expectError(await ctx.api('GET', '/users/me', { cookies: { vk_at: 'garbage' } }), 401, 'INVALID_TOKEN');
    });

    route(REG, ME)('GET /users/me - a valid Bearer token is 200 with the caller', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expect((expectSuccess(await ctx.api('GET', '/users/me', { token: s.accessToken })) as { user: { id: string } }).user.id).toBe(s.userId);
    });

    route(REG, ME)('GET /users/me - alg "none" (any casing) is 401 INVALID_TOKEN', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      for (const alg of ['none', 'None', 'NONE']) {
        expectError(await ctx.api('GET', '/users/me', { token: unsignedCopy(s.accessToken, alg) }), 401, 'INVALID_TOKEN');
      }
    });

    route(REG, ME)('GET /users/me - a token signed with another key, or with changed claims, is 401 INVALID_TOKEN', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectError(await ctx.api('GET', '/users/me', { token: foreignSignedCopy(s.accessToken) }), 401, 'INVALID_TOKEN');
      expectError(await ctx.api('GET', '/users/me', { token: tamperedCopy(s.accessToken, { role: 'admin' }) }), 401, 'INVALID_TOKEN');
    });

    route(REG, ME)('GET /users/me - an expired token is 401 TOKEN_EXPIRED', async () => {
      const ctx = await start({ manualClock: true });
      const s = await signUp(ctx);
      expectSuccess(await ctx.api('GET', '/users/me', { token: s.accessToken }));
      ctx.clock!.advance(16 * 60_000);
      expectError(await ctx.api('GET', '/users/me', { token: s.accessToken }), 401, 'TOKEN_EXPIRED');
    });

    route(REG, ME)('GET /users/me - a refresh token used as an access token is 401', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectError(await ctx.api('GET', '/users/me', { token: s.refreshToken }), 401, 'INVALID_TOKEN');
      expectError(await ctx.api('GET', '/users/me', { cookies: { vk_at: s.refreshToken } }), 401, 'INVALID_TOKEN');
    });

    route(REG, ME, 'POST /auth/logout')('GET /users/me - the access token of a logged-out session is 401 at once', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectSuccess(await ctx.api('POST', '/auth/logout', { token: s.accessToken }));
      expectError(await ctx.api('GET', '/users/me', { token: s.accessToken }), 401, 'INVALID_TOKEN');
    });

    route(REG, 'GET /admin/users')('GET /admin/users - a user (not admin) is 403 FORBIDDEN; no token is 401', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectError(await ctx.api('GET', '/admin/users', { token: s.accessToken }), 403, 'FORBIDDEN');
      expectError(await ctx.api('GET', '/admin/users'), 401, 'AUTH_REQUIRED');
    });
  });
}
