import type { AssetRecord } from '@vaultkit/core';
import { describe, expect, it } from 'vitest';
import { assetRecord, byCodeUnitsDesc, newId, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `assets`: metadata by id, newest-first lists by owner and visibility, counts, deletes that return what they deleted. */
export function assetsContract(env: ContractEnv): void {
  const ids = (items: { id: string }[]) => items.map((a) => a.id);
  /** Assets created one minute apart (the last is the newest). */
  const seed = async (specs: Partial<AssetRecord>[]): Promise<AssetRecord[]> => {
    const assets = specs.map((spec, i) => assetRecord(env.t0 + i * TIME.MINUTE, spec));
    for (const asset of assets) await env.storage.assets.create(asset);
    return assets;
  };

  describe('assets', () => {
    it('assets.create - findById returns the record as given; null when not found', async () => {
      const [video] = await seed([{ kind: 'video', format: 'mp4', width: null, height: null, duration: 12.5 }]);
      await expect(env.storage.assets.findById(video!.id)).resolves.toEqual(video);
      await expect(env.storage.assets.findById(newId())).resolves.toBeNull();
    });

    it('assets.list - by owner, newest first, paged, with the total', async () => {
      const owner = newId();
      const a = await seed([{ ownerId: owner }, { ownerId: owner }, {}, { ownerId: owner }]);
      const p1 = await env.storage.assets.list({ ownerId: owner, page: 1, limit: 2 });
      expect(ids(p1.items)).toEqual([a[3]!.id, a[1]!.id]);
      expect(p1.total).toBe(3);
      const p2 = await env.storage.assets.list({ ownerId: owner, page: 2, limit: 2 });
      expect(ids(p2.items)).toEqual([a[0]!.id]);
    });

    it('assets.list - visibility filter, alone and with an owner', async () => {
      const owner = newId();
      const a = await seed([
        { ownerId: owner, visibility: 'public' },
        { ownerId: owner, visibility: 'private' },
        { visibility: 'public' },
        { ownerId: owner, visibility: 'public' },
      ]);
      const mine = await env.storage.assets.list({ ownerId: owner, visibility: 'public', page: 1, limit: 10 });
      expect(mine).toMatchObject({ total: 2 });
      expect(ids(mine.items)).toEqual([a[3]!.id, a[0]!.id]);
      const allPublic = await env.storage.assets.list({ visibility: 'public', page: 1, limit: 10 });
      expect(ids(allPublic.items)).toEqual([a[3]!.id, a[2]!.id, a[0]!.id]);
      const privateOnes = await env.storage.assets.list({ visibility: 'private', page: 1, limit: 10 });
      expect(ids(privateOnes.items)).toEqual([a[1]!.id]);
    });

    it('assets.list - without filters lists everything', async () => {
      const a = await seed([{}, {}, {}]);
      const all = await env.storage.assets.list({ page: 1, limit: 2 });
      expect(all.total).toBe(3);
      expect(ids(all.items)).toEqual([a[2]!.id, a[1]!.id]);
    });

    it('assets.list - equal createdAt: ties by id descending, stable across pages', async () => {
      const owner = newId();
      const createdAt = env.at(0);
      const a = await seed(Array.from({ length: 5 }, () => ({ ownerId: owner, createdAt })));
      const pages = await Promise.all([1, 2, 3].map((page) => env.storage.assets.list({ ownerId: owner, page, limit: 2 })));
      expect(pages.flatMap((p) => ids(p.items))).toEqual(ids(a).sort(byCodeUnitsDesc));
    });

    it('assets.count - an owner\'s assets, optionally of one visibility; 0 for none', async () => {
      const owner = newId();
      await seed([{ ownerId: owner }, { ownerId: owner, visibility: 'private' }, { ownerId: owner }, {}]);
      await expect(env.storage.assets.count({ ownerId: owner })).resolves.toBe(3);
      await expect(env.storage.assets.count({ ownerId: owner, visibility: 'public' })).resolves.toBe(2);
      await expect(env.storage.assets.count({ ownerId: owner, visibility: 'private' })).resolves.toBe(1);
      await expect(env.storage.assets.count({ ownerId: newId() })).resolves.toBe(0);
    });

    it('assets.delete - returns the deleted record once, then null', async () => {
      const [asset, kept] = await seed([{ kind: 'video', duration: 3.25, width: null, height: null }, {}]);
      await expect(env.storage.assets.delete(asset!.id)).resolves.toEqual(asset);
      await expect(env.storage.assets.delete(asset!.id)).resolves.toBeNull();
      await expect(env.storage.assets.findById(asset!.id)).resolves.toBeNull();
      await expect(env.storage.assets.findById(kept!.id)).resolves.toEqual(kept);
    });

    it('assets.delete - two concurrent deletes of one id: exactly one gets the record', async () => {
      const [asset] = await seed([{}]);
      const results = await Promise.all([env.storage.assets.delete(asset!.id), env.storage.assets.delete(asset!.id)]);
      expect(results.filter((r) => r !== null)).toEqual([asset]);
    });

    it('assets.deleteMany - deletes the given ids and returns the records that existed, each once', async () => {
      const a = await seed([{}, {}, {}]);
      const unknown = newId();
      const deleted = await env.storage.assets.deleteMany([a[0]!.id, unknown, a[2]!.id, a[0]!.id]);
      const byId = (x: AssetRecord, y: AssetRecord) => x.id.localeCompare(y.id);
      expect([...deleted].sort(byId)).toEqual([a[0]!, a[2]!].sort(byId));
      await expect(env.storage.assets.findById(a[1]!.id)).resolves.not.toBeNull();
      await expect(env.storage.assets.findById(a[0]!.id)).resolves.toBeNull();
      await expect(env.storage.assets.deleteMany([a[0]!.id])).resolves.toEqual([]);
      await expect(env.storage.assets.deleteMany([])).resolves.toEqual([]);
    });

    it('assets.deleteByOwner - deletes and returns the owner\'s records only', async () => {
      const owner = newId();
      const a = await seed([{ ownerId: owner }, {}, { ownerId: owner }]);
      const deleted = await env.storage.assets.deleteByOwner(owner);
      const byId = (x: AssetRecord, y: AssetRecord) => x.id.localeCompare(y.id);
      expect([...deleted].sort(byId)).toEqual([a[0]!, a[2]!].sort(byId));
      await expect(env.storage.assets.list({ ownerId: owner, page: 1, limit: 10 })).resolves.toEqual({ items: [], total: 0 });
      await expect(env.storage.assets.findById(a[1]!.id)).resolves.not.toBeNull();
      await expect(env.storage.assets.deleteByOwner(owner)).resolves.toEqual([]);
    });
  });
}
