import { describe, expect, it } from 'vitest';
import { call, logIn, makeVault, signUp } from '../helpers/vault.js';

async function withAdmin() {
  const t = makeVault();
  await t.vault.admin.ensureAdmin({ email: 'root@example.com', password: 'admin passphrase!' });
  const login = await logIn(t, 'root@example.com', { password: 'admin passphrase!' });
  return { t, admin: login };
}

describe('admin users', () => {
  it('GET /admin/users - 403 for a user, lists with page/limit (capped at 100), search and role filter for an admin', async () => {
    const { t, admin } = await withAdmin();
    const alice = await signUp(t, 'alice@example.com');
    for (let i = 0; i < 3; i++) await t.vault.auth.register({ email: `user${i}@example.com`, password: 'correct horse battery' });
    const forbidden = await call(t, 'GET /admin/users', { token: alice.tokens.accessToken });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.code).toBe('FORBIDDEN');
    const page = await call(t, 'GET /admin/users', { token: admin.tokens.accessToken, query: { page: '1', limit: '1000' } });
    expect(page.status).toBe(200);
    expect(page.json.data).toMatchObject({ page: 1, limit: 100, total: 5 });
    expect(page.json.data.items[0]).not.toHaveProperty('passwordHash');
    const p2 = await call(t, 'GET /admin/users', { token: admin.tokens.accessToken, query: { page: '2', limit: '2' } });
    expect(p2.json.data.items).toHaveLength(2);
    const search = await call(t, 'GET /admin/users', { token: admin.tokens.accessToken, query: { search: 'ALICE' } });
    expect(search.json.data.items.map((u: { email: string }) => u.email)).toEqual(['alice@example.com']);
    const admins = await call(t, 'GET /admin/users', { token: admin.tokens.accessToken, query: { role: 'admin' } });
    expect(admins.json.data.total).toBe(1);
    const bad = await call(t, 'GET /admin/users', { token: admin.tokens.accessToken, query: { page: '0' } });
    expect(bad.status).toBe(400);
  });

  it('PATCH /admin/users/:id - a role change or a ban revokes every session at once; a banned login is 403', async () => {
    const { t, admin } = await withAdmin();
    const alice = await signUp(t, 'alice@example.com');
    const role = await call(t, `PATCH /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken, body: { role: 'admin' } });
    expect(role.status).toBe(200);
    expect(role.json.data.user.role).toBe('admin');
    expect((await call(t, 'GET /users/me', { token: alice.tokens.accessToken })).status).toBe(401);
    const unknownRole = await call(t, `PATCH /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken, body: { role: 'wizard' } });
    expect(unknownRole.status).toBe(400);

    const again = await logIn(t, 'alice@example.com', { password: 'correct horse battery' });
    const ban = await call(t, `PATCH /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken, body: { banned: true } });
    expect(ban.json.data.user).toMatchObject({ id: alice.user.id });
    expect((await call(t, 'GET /users/me', { token: again.tokens.accessToken })).status).toBe(401);
    await expect(t.vault.auth.refresh({ refreshToken: again.tokens.refreshToken })).rejects.toMatchObject({ status: 401 });
    const login = await call(t, 'POST /auth/login', { body: { identifier: 'alice@example.com', password: 'correct horse battery' } });
    expect(login.status).toBe(403);
    expect(login.json.code).toBe('ACCOUNT_BANNED');
    const self = await call(t, `PATCH /admin/users/${admin.user.id}`, { token: admin.tokens.accessToken, body: { banned: true } });
    expect(self.status).toBe(403);
  });

  it('DELETE /admin/users/:id - removes the user and their sessions; 404 the second time', async () => {
    const { t, admin } = await withAdmin();
    const alice = await signUp(t, 'alice@example.com');
    const res = await call(t, `DELETE /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken });
    expect(res.status).toBe(200);
    expect(await t.vault.storage.users.findById(alice.user.id)).toBeNull();
    expect(await t.vault.storage.sessions.listByUser(alice.user.id, new Date(t.clock.now()))).toEqual([]);
    expect((await call(t, 'GET /users/me', { token: alice.tokens.accessToken })).status).toBe(401);
    const again = await call(t, `DELETE /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken });
    expect(again.status).toBe(404);
    expect((await call(t, `GET /admin/users/${alice.user.id}`, { token: admin.tokens.accessToken })).status).toBe(404);
  });

  it('can - custom roles and permissions', () => {
    const t = makeVault({ roles: { user: ['profile:read'], admin: ['*'], moderator: ['users:manage'] } });
    expect(t.vault.can({ role: 'moderator' }, 'users:manage')).toBe(true);
    expect(t.vault.can({ role: 'moderator' }, 'moderator')).toBe(true);
    expect(t.vault.can({ role: 'user' }, 'users:manage')).toBe(false);
    expect(t.vault.can({ role: 'admin' }, 'anything:at-all')).toBe(true);
    expect(t.vault.can({ role: 'ghost' }, 'profile:read')).toBe(false);
  });

  it('a custom role with users:manage can use the admin routes', async () => {
    const t = makeVault({ roles: { user: [], admin: ['*'], moderator: ['users:manage'] } });
    const mod = await signUp(t, 'mod@example.com');
    await t.vault.storage.users.update(mod.user.id, { role: 'moderator' });
    const login = await logIn(t, 'mod@example.com', { password: 'correct horse battery' });
    expect((await call(t, 'GET /admin/users', { token: login.tokens.accessToken })).status).toBe(200);
  });
});
