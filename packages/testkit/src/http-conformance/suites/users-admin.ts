import { describe, expect } from 'vitest';
import { expectError, expectSuccess, logIn, PASSWORD, signInAdmin, signUp, type Json } from '../flows.js';
import type { SuiteTools } from '../suite.js';
import { USER_FIELDS } from './register.js';

const REG = 'POST /auth/register';

/** `/users/me` and the admin user routes. */
export function usersAdminSuite({ start, route }: SuiteTools): void {
  describe('users/me', () => {
    route(REG, 'GET /users/me')('GET /users/me - the public user shape, without any secret field', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const { user } = expectSuccess(await ctx.api('GET', '/users/me', { token: s.accessToken })) as Json;
      expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
      expect(user).toMatchObject({ id: s.userId, email: s.email, role: 'user', emailVerified: true });
    });

    route(REG, 'PATCH /users/me')('PATCH /users/me - updates name, username and bio; a role in the body is never stored', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const answer = await ctx.api('PATCH', '/users/me', { token: s.accessToken, json: { name: 'Ada L', username: 'ada_l', bio: 'hi', role: 'admin' } });
      expect((expectSuccess(answer) as Json).user).toMatchObject({ name: 'Ada L', username: 'ada_l', bio: 'hi', role: 'user' });
      expect((await ctx.vault.storage.users.findById(s.userId))?.role).toBe('user');
    });

    route(REG, 'PATCH /users/me')('PATCH /users/me - an invalid username is 400 on details[].path "username"; a taken one is 409 CONFLICT', async () => {
      const ctx = await start();
      const a = await signUp(ctx);
      const b = await signUp(ctx);
      const invalid = await ctx.api('PATCH', '/users/me', { token: a.accessToken, json: { username: 'a!' } });
      expectError(invalid, 400, 'VALIDATION_FAILED');
      expect(invalid.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'username' })]));
      expectSuccess(await ctx.api('PATCH', '/users/me', { token: a.accessToken, json: { username: 'taken_name' } }));
      expectError(await ctx.api('PATCH', '/users/me', { token: b.accessToken, json: { username: 'TAKEN_NAME' } }), 409, 'CONFLICT');
    });

    route(REG, 'DELETE /users/me')('DELETE /users/me - with the password: 200 message, the account and its tokens are gone', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectError(await ctx.api('DELETE', '/users/me', { token: s.accessToken, json: { password: 'wrong password!' } }), 400, 'VALIDATION_FAILED');
      const answer = await ctx.api('DELETE', '/users/me', { token: s.accessToken, json: { password: PASSWORD } });
      expect(answer.status).toBe(200);
      expect(answer.body.message ?? answer.body.data?.message).toEqual(expect.any(String));
      expect(await ctx.vault.storage.users.findById(s.userId)).toBeNull();
      expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
    });
  });

  describe('admin users', () => {
    route(REG, 'GET /admin/users')('GET /admin/users - an admin gets { items, page, limit, total }; search and limit apply', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      const page = expectSuccess(await ctx.api('GET', '/admin/users', { token: admin.accessToken })) as Json;
      expect(page).toMatchObject({ page: 1, limit: 20, total: 2 });
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(USER_FIELDS);
      const found = expectSuccess(await ctx.api('GET', `/admin/users?search=${encodeURIComponent(s.email)}`, { token: admin.accessToken })) as Json;
      expect(found.items.map((u: { id: string }) => u.id)).toEqual([s.userId]);
      const one = expectSuccess(await ctx.api('GET', '/admin/users?page=1&limit=1', { token: admin.accessToken })) as Json;
      expect(one).toMatchObject({ limit: 1, total: 2 });
      expect(one.items).toHaveLength(1);
      expect((await ctx.api('GET', '/admin/users?page=0', { token: admin.accessToken })).status).toBe(400);
    });

    route(REG, 'GET /admin/users/:id')('GET /admin/users/:id - 200 for a user, 404 NOT_FOUND for an unknown id', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      expect((expectSuccess(await ctx.api('GET', `/admin/users/${s.userId}`, { token: admin.accessToken })) as Json).user.id).toBe(s.userId);
      expectError(await ctx.api('GET', '/admin/users/no-such-user', { token: admin.accessToken }), 404, 'NOT_FOUND');
      expectError(await ctx.api('GET', `/admin/users/${s.userId}`, { token: s.accessToken }), 403, 'FORBIDDEN');
    });

    route(REG, 'PATCH /admin/users/:id', 'POST /auth/login')('PATCH /admin/users/:id - a ban makes the user\'s tokens 401 at once and login 403 ACCOUNT_BANNED', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      const answer = await ctx.api('PATCH', `/admin/users/${s.userId}`, { token: admin.accessToken, json: { banned: true } });
      expect(answer.status).toBe(200);
      expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
      expectError(await ctx.api('POST', '/auth/login', { json: { identifier: s.email, password: PASSWORD } }), 403, 'ACCOUNT_BANNED');
    });

    route(REG, 'PATCH /admin/users/:id', 'GET /admin/users')('PATCH /admin/users/:id - a role change signs the user out; the new role applies at the next login', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      expect((await ctx.api('PATCH', `/admin/users/${s.userId}`, { token: admin.accessToken, json: { role: 'admin' } })).status).toBe(200);
      expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
      const again = await logIn(ctx, s.email);
      expectSuccess(await ctx.api('GET', '/admin/users', { token: again.accessToken }));
    });

    route(REG, 'DELETE /admin/users/:id')('DELETE /admin/users/:id - 200 message, then 404; the user\'s tokens are 401', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      const answer = await ctx.api('DELETE', `/admin/users/${s.userId}`, { token: admin.accessToken });
      expect(answer.status).toBe(200);
      expect(answer.body.message ?? answer.body.data?.message).toEqual(expect.any(String));
      expectError(await ctx.api('DELETE', `/admin/users/${s.userId}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
      expect((await ctx.api('GET', '/users/me', { token: s.accessToken })).status).toBe(401);
    });
  });
}
