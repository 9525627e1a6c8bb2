import type { AssetRecord, AssetsRepository } from '../../ports/storage.js';
import { newestFirst, paginate } from './internal.js';

interface Row {
  asset: AssetRecord;
  seq: number;
}

/**
 * In-memory asset metadata, listed newest first (`createdAt`, then insertion order).
 *
 * @example
 * const assets = memoryAssets(); await assets.list({ ownerId, page: 1, limit: 20 });
 */
export function memoryAssets(): AssetsRepository {
  const rows = new Map<string, Row>();
  let seq = 0;

  return {
    async create(asset) {
      rows.set(asset.id, { asset: copyAsset(asset), seq: seq++ });
    },

    async findById(id) {
      const row = rows.get(id);
      return row ? copyAsset(row.asset) : null;
    },

    async list(query) {
      const matches = [...rows.values()].filter(
        ({ asset }) =>
          (query.ownerId === undefined || asset.ownerId === query.ownerId) &&
          (query.visibility === undefined || asset.visibility === query.visibility),
      );
      matches.sort(newestFirst((row) => row.asset.createdAt));
      const page = paginate(matches, query);
      return { items: page.items.map((row) => copyAsset(row.asset)), total: page.total };
    },

    async delete(id) {
      return rows.delete(id);
    },

    async deleteMany(ids) {
      return [...new Set(ids)].filter((id) => rows.delete(id));
    },

    async deleteByOwner(ownerId) {
      const deleted: AssetRecord[] = [];
      for (const [id, row] of rows) {
        if (row.asset.ownerId !== ownerId) continue;
        rows.delete(id);
        deleted.push(row.asset);
      }
      return deleted;
    },
  };
}

// --- internal ---

function copyAsset(asset: AssetRecord): AssetRecord {
  return { ...asset, createdAt: new Date(asset.createdAt), updatedAt: new Date(asset.updatedAt) };
}
