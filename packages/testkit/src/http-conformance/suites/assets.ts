import { describe, expect } from 'vitest';
import { expectError, expectSuccess, signUp, type Json } from '../flows.js';
import { postAsset, record, setUsername, VIDEO } from '../media-flows.js';
import { fileOf, filesIn, settledFiles } from '../multipart.js';
import type { SuiteTools } from '../suite.js';

const REG = 'POST /auth/register';
const UPLOAD = 'POST /assets';
const ASSET_FIELDS = ['bytes', 'createdAt', 'description', 'format', 'id', 'kind', 'ownerId', 'title', 'url', 'visibility'];

/** A user's assets over HTTP: upload, list, read, delete, the channel's public list, pagination. */
export function assetsSuite({ start, route }: SuiteTools): void {
  describe('assets', () => {
    route(REG, UPLOAD)('POST /assets - 201 with the asset (kind and format from the bytes); asset.uploaded is emitted', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const uploaded = record(ctx, 'asset.uploaded');
      const image = await postAsset(ctx, s, { title: ' Sunset ', visibility: 'private' });
      expect(Object.keys(image).filter((k) => ASSET_FIELDS.includes(k)).sort()).toEqual(ASSET_FIELDS);
      expect(image).toMatchObject({ ownerId: s.userId, kind: 'image', format: 'png', title: 'Sunset', description: '', visibility: 'private' });
      const video = await postAsset(ctx, s, { data: VIDEO, filename: 'clip.mp4', type: 'video/mp4' });
      expect(video).toMatchObject({ kind: 'video', format: 'mp4', bytes: VIDEO.length, visibility: 'public' });
      expect(uploaded).toEqual([
        { assetId: image.id, ownerId: s.userId, kind: 'image', bytes: image.bytes },
        { assetId: video.id, ownerId: s.userId, kind: 'video', bytes: VIDEO.length },
      ]);
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(image.url), fileOf(video.url)].sort());
    });

    route(REG, UPLOAD, 'GET /assets')('GET /assets - only the caller\'s own, newest first; page and limit apply; a page past the end is empty', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const other = await signUp(ctx);
      const mine = [];
      for (const title of ['one', 'two', 'three']) mine.push(await postAsset(ctx, s, { title, visibility: 'private' }));
      await postAsset(ctx, other, { title: 'theirs' });
      const all = expectSuccess(await ctx.api('GET', '/assets', { token: s.accessToken })) as Json;
      expect(all).toMatchObject({ page: 1, limit: 20, total: 3 });
      expect(all.items.map((a: Json) => a.id)).toEqual(mine.map((a) => a.id).reverse());
      const second = expectSuccess(await ctx.api('GET', '/assets?page=2&limit=2', { token: s.accessToken })) as Json;
      expect(second).toMatchObject({ page: 2, limit: 2, total: 3 });
      expect(second.items.map((a: Json) => a.id)).toEqual([mine[0].id]);
      const past = expectSuccess(await ctx.api('GET', '/assets?page=3&limit=2', { token: s.accessToken })) as Json;
      expect(past).toMatchObject({ items: [], page: 3, total: 3 });
    });

    route(REG, 'GET /assets')('GET /assets - page 0, limit 0, negative or non-numeric values are 400; a limit above 100 is capped at 100', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      for (const query of ['page=0', 'limit=0', 'page=-1', 'limit=abc', 'page=x', 'page=1.5']) {
        const answer = await ctx.api('GET', `/assets?${query}`, { token: s.accessToken });
        expectError(answer, 400, 'VALIDATION_FAILED');
      }
      expect(expectSuccess(await ctx.api('GET', '/assets?limit=1000', { token: s.accessToken }))).toMatchObject({ limit: 100 });
    });

    route(REG, UPLOAD, 'GET /assets/:id')('GET /assets/:id - the owner reads any of theirs; another user a public one only (private: 404)', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      const other = await signUp(ctx);
      const open = await postAsset(ctx, owner, { visibility: 'public' });
      const hidden = await postAsset(ctx, owner, { visibility: 'private' });
      for (const asset of [open, hidden]) {
        expect((expectSuccess(await ctx.api('GET', `/assets/${asset.id}`, { token: owner.accessToken })) as Json).asset).toEqual(asset);
      }
      expect((expectSuccess(await ctx.api('GET', `/assets/${open.id}`, { token: other.accessToken })) as Json).asset.id).toBe(open.id);
      expectError(await ctx.api('GET', `/assets/${hidden.id}`, { token: other.accessToken }), 404, 'NOT_FOUND');
      expectError(await ctx.api('GET', '/assets/no-such-asset', { token: owner.accessToken }), 404, 'NOT_FOUND');
      expectError(await ctx.api('GET', `/assets/${open.id}`), 401, 'AUTH_REQUIRED');
    });

    route(REG, UPLOAD, 'DELETE /assets/:id')('DELETE /assets/:id - someone else\'s is 404 and kept; the owner\'s: 200, file gone, asset.deleted; again 404', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      const other = await signUp(ctx);
      const asset = await postAsset(ctx, owner, { visibility: 'public' });
      const deleted = record(ctx, 'asset.deleted');
      expectError(await ctx.api('DELETE', `/assets/${asset.id}`, { token: other.accessToken }), 404, 'NOT_FOUND');
      expect(await ctx.vault.storage.assets.findById(asset.id)).not.toBeNull();
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(asset.url)]);
      const answer = await ctx.api('DELETE', `/assets/${asset.id}`, { token: owner.accessToken });
      expect(answer.status).toBe(200);
      expect(answer.body.message ?? answer.body.data?.message).toEqual(expect.any(String));
      expect(await ctx.vault.storage.assets.findById(asset.id)).toBeNull();
      expect(await settledFiles(ctx.uploadDir, 0)).toEqual([]);
      expect(deleted).toEqual([{ assetId: asset.id, ownerId: owner.userId, by: owner.userId }]);
      expectError(await ctx.api('DELETE', `/assets/${asset.id}`, { token: owner.accessToken }), 404, 'NOT_FOUND');
    });

    route(REG, UPLOAD, 'GET /channels/:username/assets')('GET /channels/:username/assets - public assets only, to anyone; an unknown channel is 404', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      await setUsername(ctx, owner, 'gallery_owner');
      const open = await postAsset(ctx, owner, { visibility: 'public' });
      await postAsset(ctx, owner, { visibility: 'private' });
      const page = expectSuccess(await ctx.api('GET', '/channels/gallery_owner/assets')) as Json;
      expect(page).toMatchObject({ page: 1, limit: 20, total: 1 });
      expect(page.items.map((a: Json) => a.id)).toEqual([open.id]);
      expectError(await ctx.api('GET', '/channels/nobody_here/assets'), 404, 'NOT_FOUND');
      expectError(await ctx.api('GET', '/channels/gallery_owner/assets?limit=0'), 400, 'VALIDATION_FAILED');
    });

    route(REG, UPLOAD, 'DELETE /assets/:id', 'GET /assets/:id')('method override headers never turn a POST or GET into a DELETE', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      const asset = await postAsset(ctx, owner);
      const overrides = ['x-http-method-override', 'x-http-method', 'x-method-override'];
      for (const name of overrides) {
        const headers = { [name]: 'DELETE' };
        const get = await ctx.api('GET', `/assets/${asset.id}`, { token: owner.accessToken, headers });
        expect((expectSuccess(get) as Json).asset.id).toBe(asset.id);
        const post = await ctx.api('POST', `/assets/${asset.id}`, { token: owner.accessToken, headers });
        expect([404, 405]).toContain(post.status);
        const query = await ctx.api('POST', `/assets/${asset.id}?_method=DELETE`, { token: owner.accessToken });
        expect([404, 405]).toContain(query.status);
      }
      expect(await ctx.vault.storage.assets.findById(asset.id)).not.toBeNull();
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(asset.url)]);
    });
  });
}
