import type { AssetRecord, AssetsRepository } from '../../ports/storage.js';
import { newestFirst, paginate } from './internal.js';

/**
 * In-memory asset metadata, listed newest first (`createdAt`, ties by id descending).
 *
 * @example
 * const assets = memoryAssets(); await assets.list({ ownerId, page: 1, limit: 20 });
 */
export function memoryAssets(): AssetsRepository {
  const rows = new Map<string, AssetRecord>();

  const take = (id: string): AssetRecord | null => {
    const row = rows.get(id);
    if (!row) return null;
    rows.delete(id);
    return row;
  };

  return {
    async create(asset) {
      rows.set(asset.id, copyAsset(asset));
    },

    async findById(id) {
      const row = rows.get(id);
      return row ? copyAsset(row) : null;
    },

    async list(query) {
      const matches = [...rows.values()].filter(
        (asset) =>
          (query.ownerId === undefined || asset.ownerId === query.ownerId) &&
          (query.visibility === undefined || asset.visibility === query.visibility),
      );
      matches.sort(newestFirst((asset) => asset.createdAt, (asset) => asset.id));
      const page = paginate(matches, query);
      return { items: page.items.map(copyAsset), total: page.total };
    },

    async count({ ownerId, visibility }) {
      let n = 0;
      for (const asset of rows.values()) if (asset.ownerId === ownerId && (visibility === undefined || asset.visibility === visibility)) n += 1;
      return n;
    },

    async delete(id) {
      return take(id);
    },

    async deleteMany(ids) {
      return [...new Set(ids)].flatMap((id) => take(id) ?? []);
    },

    async deleteByOwner(ownerId) {
      const deleted: AssetRecord[] = [];
      for (const [id, row] of rows) {
        if (row.ownerId !== ownerId) continue;
        rows.delete(id);
        deleted.push(row);
      }
      return deleted;
    },
  };
}

// --- internal ---

function copyAsset(asset: AssetRecord): AssetRecord {
  return { ...asset, createdAt: new Date(asset.createdAt), updatedAt: new Date(asset.updatedAt) };
}
