import { describe, expect, it } from 'vitest';
import { call, logIn, signUp, type TestVault } from '../helpers/vault.js';
import { filesIn, formBody, makeMediaVault, PNG, send } from '../media/helpers.js';

async function uploadAs(t: TestVault, token: string): Promise<{ id: string; url: string }> {
  const res = await send(t, 'POST /assets', { token, body: formBody([{ name: 'file', filename: 'x.png', data: PNG }]) });
  return res.json.data.asset;
}

async function adminToken(t: TestVault): Promise<string> {
  await t.vault.admin.ensureAdmin({ email: 'root@example.com', password: 'admin passphrase!' });
  return (await logIn(t, 'root@example.com', { password: 'admin passphrase!' })).tokens.accessToken;
}

/** @see issue 11 (admin assets) */
describe('admin assets', () => {
  it('GET /admin/assets lists every asset or one owner’s; users get 403', async () => {
    const t = await makeMediaVault();
    const ada = await signUp(t, 'ada@example.com');
    const bob = await signUp(t, 'bob@example.com');
    await uploadAs(t, ada.tokens.accessToken);
    await uploadAs(t, bob.tokens.accessToken);
    const root = await adminToken(t);
    const all = await call(t, 'GET /admin/assets', { token: root });
    expect(all.json.data).toMatchObject({ page: 1, limit: 20, total: 2 });
    const one = await call(t, 'GET /admin/assets', { token: root, query: { ownerId: bob.user.id, limit: '1' } });
    expect(one.json.data).toMatchObject({ total: 1, limit: 1, items: [{ ownerId: bob.user.id }] });
    expect((await call(t, 'GET /admin/assets', { token: ada.tokens.accessToken })).status).toBe(403);
  });

  it('DELETE /admin/assets/:id removes any asset and its file; then 404', async () => {
    const t = await makeMediaVault();
    const ada = await signUp(t, 'ada@example.com');
    const asset = await uploadAs(t, ada.tokens.accessToken);
    const root = await adminToken(t);
    expect((await call(t, `DELETE /admin/assets/${asset.id}`, { token: root })).status).toBe(200);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await call(t, `DELETE /admin/assets/${asset.id}`, { token: root })).status).toBe(404);
  });

  it('POST /admin/assets/bulk-delete answers deleted or not_found per id and removes the files', async () => {
    const t = await makeMediaVault();
    const ada = await signUp(t, 'ada@example.com');
    const a = await uploadAs(t, ada.tokens.accessToken);
    const b = await uploadAs(t, ada.tokens.accessToken);
    const c = await uploadAs(t, ada.tokens.accessToken);
    const root = await adminToken(t);
    const res = await call(t, 'POST /admin/assets/bulk-delete', { token: root, body: { ids: [a.id, 'missing', b.id] } });
    expect(res.status).toBe(200);
    expect(res.json.data.results).toEqual([
      { id: a.id, status: 'deleted' },
      { id: 'missing', status: 'not_found' },
      { id: b.id, status: 'deleted' },
    ]);
    expect(await filesIn(t.dir)).toEqual([c.url.replace('/uploads/', '')]);
    expect((await call(t, 'POST /admin/assets/bulk-delete', { token: root, body: { ids: [] } })).status).toBe(400);
    expect((await call(t, 'POST /admin/assets/bulk-delete', { token: ada.tokens.accessToken, body: { ids: [c.id] } })).status).toBe(403);
  });
});
