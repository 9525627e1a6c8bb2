import { describe, expect, it } from 'vitest';
import { call, member, type TestVault } from '../helpers/vault.js';
import { filesIn, formBody, GIF, makeMediaVault, MP4, PNG, send, type Part } from '../media/helpers.js';

function upload(t: TestVault, token: string, form: { fields?: Record<string, string>; data?: Buffer } = {}) {
  const { fields = {}, data = PNG } = form;
  const parts: Part[] = [...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', filename: 'x.png', type: 'image/png', data }];
  return send(t, 'POST /assets', { token, body: formBody(parts) });
}

/** @see issue 11 (assets) */
describe('assets', () => {
  it('POST /assets - stores the file and answers 201 with the asset (no publicId)', async () => {
    const t = await makeMediaVault();
    const ada = await member(t, 'ada');
    const events: unknown[] = [];
    t.vault.on('asset.uploaded', (p) => events.push(p));
    const res = await upload(t, ada.tokens.accessToken, { fields: { title: 'Sunset', description: 'red', visibility: 'private' } });
    expect(res.status).toBe(201);
    const asset = res.json.data.asset;
    expect(asset).toMatchObject({ ownerId: ada.user.id, kind: 'image', format: 'png', bytes: PNG.length, title: 'Sunset', description: 'red', visibility: 'private' });
    expect(asset).not.toHaveProperty('publicId');
    expect(await filesIn(t.dir)).toEqual([asset.url.replace('/uploads/', '')]);
    expect(events).toEqual([{ assetId: asset.id, ownerId: ada.user.id, kind: 'image', bytes: PNG.length }]);
    const video = await upload(t, ada.tokens.accessToken, { data: MP4 });
    expect(video.json.data.asset).toMatchObject({ kind: 'video', visibility: 'public', title: '' });
  });

  it('GET /assets lists only your own, paginated; GET /assets/:id hides someone else’s private asset', async () => {
    const t = await makeMediaVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    const ids: string[] = [];
    for (const visibility of ['public', 'private', 'public']) {
      ids.push((await upload(t, ada.tokens.accessToken, { fields: { visibility } })).json.data.asset.id);
      t.clock.advance(1000);
    }
    await upload(t, bob.tokens.accessToken);
    const page = await call(t, 'GET /assets', { token: ada.tokens.accessToken, query: { limit: '2' } });
    expect(page.json.data).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(page.json.data.items.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    expect((await call(t, 'GET /assets', { token: ada.tokens.accessToken, query: { page: '5' } })).json.data.items).toEqual([]);

    expect((await call(t, `GET /assets/${ids[1]}`, { token: ada.tokens.accessToken })).status).toBe(200);
    expect((await call(t, `GET /assets/${ids[0]}`, { token: bob.tokens.accessToken })).status).toBe(200);
    expect((await call(t, `GET /assets/${ids[1]}`, { token: bob.tokens.accessToken })).status).toBe(404);
    expect((await call(t, 'GET /assets/missing', { token: bob.tokens.accessToken })).status).toBe(404);
    expect((await call(t, `GET /assets/${ids[0]}`)).status).toBe(401);

    const channel = await call(t, 'GET /channels/ada/assets');
    expect(channel.json.data.items.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[0]]);
    expect((await call(t, 'GET /channels/ada')).json.data.assetCount).toBe(2);
    expect((await call(t, 'GET /channels/nobody/assets')).status).toBe(404);
  });

  it('DELETE /assets/:id - removes the file; someone else’s is 404 and stays', async () => {
    const t = await makeMediaVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    const asset = (await upload(t, ada.tokens.accessToken)).json.data.asset;
    const refused = await call(t, `DELETE /assets/${asset.id}`, { token: bob.tokens.accessToken });
    expect(refused.status).toBe(404);
    expect(await filesIn(t.dir)).toHaveLength(1);
    const events: unknown[] = [];
    t.vault.on('asset.deleted', (p) => events.push(p));
    expect((await call(t, `DELETE /assets/${asset.id}`, { token: ada.tokens.accessToken })).status).toBe(200);
    expect(await filesIn(t.dir)).toEqual([]);
    expect(events).toEqual([{ assetId: asset.id, ownerId: ada.user.id, by: ada.user.id }]);
    expect((await call(t, `DELETE /assets/${asset.id}`, { token: ada.tokens.accessToken })).status).toBe(404);
  });

  it('refuses a file that is not an image or video (415) and keeps nothing', async () => {
    const t = await makeMediaVault();
    const ada = await member(t, 'ada');
    const res = await upload(t, ada.tokens.accessToken, { data: Buffer.from('just text, not an image at all') });
    expect(res.status).toBe(415);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await t.vault.assets.list({}, { caller: ada.caller })).total).toBe(0);
  });

  it('deleting a user removes their assets and files', async () => {
    const t = await makeMediaVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    await upload(t, ada.tokens.accessToken);
    await upload(t, ada.tokens.accessToken, { data: GIF });
    const kept = (await upload(t, bob.tokens.accessToken)).json.data.asset;
    await t.vault.admin.deleteUser({ id: ada.user.id });
    expect(await filesIn(t.dir)).toEqual([kept.url.replace('/uploads/', '')]);
    expect((await t.vault.admin.listAssets({})).items.map((a) => a.id)).toEqual([kept.id]);
  });
});
