import { describe, expect } from 'vitest';
import { expectError, expectSuccess, signInAdmin, signUp, type Json } from '../flows.js';
import { postAsset, record } from '../media-flows.js';
import { fileOf, filesIn, settledFiles } from '../multipart.js';
import type { SuiteTools } from '../suite.js';

const REG = 'POST /auth/register';
const UPLOAD = 'POST /assets';

/** Asset moderation over HTTP: list every asset, delete one, delete many. */
export function adminAssetsSuite({ start, route }: SuiteTools): void {
  describe('admin assets', () => {
    route(REG, UPLOAD, 'GET /admin/assets')('GET /admin/assets - every asset, private ones too; ownerId, page and limit apply; users get 403', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const a = await signUp(ctx);
      const b = await signUp(ctx);
      const aAssets = [await postAsset(ctx, a, { visibility: 'private' }), await postAsset(ctx, a)];
      await postAsset(ctx, b);
      expect(expectSuccess(await ctx.api('GET', '/admin/assets', { token: admin.accessToken }))).toMatchObject({ page: 1, limit: 20, total: 3 });
      const owned = expectSuccess(await ctx.api('GET', `/admin/assets?ownerId=${a.userId}`, { token: admin.accessToken })) as Json;
      expect(owned.items.map((x: Json) => x.id).sort()).toEqual(aAssets.map((x) => x.id).sort());
      const paged = expectSuccess(await ctx.api('GET', `/admin/assets?ownerId=${a.userId}&page=2&limit=1`, { token: admin.accessToken })) as Json;
      expect(paged).toMatchObject({ page: 2, limit: 1, total: 2 });
      expect(paged.items).toHaveLength(1);
      expect((expectSuccess(await ctx.api('GET', '/admin/assets?page=9', { token: admin.accessToken })) as Json).items).toEqual([]);
      expectError(await ctx.api('GET', '/admin/assets?limit=0', { token: admin.accessToken }), 400, 'VALIDATION_FAILED');
      expectError(await ctx.api('GET', '/admin/assets?page=abc', { token: admin.accessToken }), 400, 'VALIDATION_FAILED');
      expectError(await ctx.api('GET', '/admin/assets', { token: a.accessToken }), 403, 'FORBIDDEN');
    });

    route(REG, UPLOAD, 'DELETE /admin/assets/:id')('DELETE /admin/assets/:id - removes anyone\'s asset and its file (asset.deleted by the admin); again 404', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      const asset = await postAsset(ctx, s, { visibility: 'private' });
      const deleted = record(ctx, 'asset.deleted');
      expectError(await ctx.api('DELETE', `/admin/assets/${asset.id}`, { token: s.accessToken }), 403, 'FORBIDDEN');
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(asset.url)]);
      const answer = await ctx.api('DELETE', `/admin/assets/${asset.id}`, { token: admin.accessToken });
      expect(answer.status).toBe(200);
      expect(answer.body.message ?? answer.body.data?.message).toEqual(expect.any(String));
      expect(await ctx.vault.storage.assets.findById(asset.id)).toBeNull();
      expect(await settledFiles(ctx.uploadDir, 0)).toEqual([]);
      expect(deleted).toEqual([{ assetId: asset.id, ownerId: s.userId, by: admin.userId }]);
      expectError(await ctx.api('DELETE', `/admin/assets/${asset.id}`, { token: admin.accessToken }), 404, 'NOT_FOUND');
    });

    route(REG, UPLOAD, 'POST /admin/assets/bulk-delete')('POST /admin/assets/bulk-delete - each id answers deleted or not_found; the files are removed', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const s = await signUp(ctx);
      const [one, two, kept] = [await postAsset(ctx, s), await postAsset(ctx, s, { visibility: 'private' }), await postAsset(ctx, s)];
      const ids = [one.id, 'no-such-asset', two.id];
      const answer = await ctx.api('POST', '/admin/assets/bulk-delete', { token: admin.accessToken, json: { ids } });
      const { results } = expectSuccess(answer) as Json;
      expect([...results].sort((x: Json, y: Json) => ids.indexOf(x.id) - ids.indexOf(y.id))).toEqual([
        { id: one.id, status: 'deleted' },
        { id: 'no-such-asset', status: 'not_found' },
        { id: two.id, status: 'deleted' },
      ]);
      expect(await settledFiles(ctx.uploadDir, 1)).toEqual([fileOf(kept.url)]);
      const again = expectSuccess(await ctx.api('POST', '/admin/assets/bulk-delete', { token: admin.accessToken, json: { ids: [one.id] } })) as Json;
      expect(again.results).toEqual([{ id: one.id, status: 'not_found' }]);
      expectError(await ctx.api('POST', '/admin/assets/bulk-delete', { token: admin.accessToken, json: { ids: [] } }), 400, 'VALIDATION_FAILED');
      expectError(await ctx.api('POST', '/admin/assets/bulk-delete', { token: s.accessToken, json: { ids: [kept.id] } }), 403, 'FORBIDDEN');
      expect(await ctx.vault.storage.assets.findById(kept.id)).not.toBeNull();
    });
  });
}
