// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { AssetKind, AssetRecord, AssetsRepository, AssetVisibility } from '@vaultkit/core';
import type { Db } from './db.js';
import { countOf, type Counted, pageBounds, pageOf, toDate, toNumberOrNull } from './internal.js';
import type { Tables } from './tables.js';

/**
 * Asset metadata in `<prefix>assets`, listed newest first (ties by id descending). Deletes
 * answer with the deleted rows (`DELETE … RETURNING`), so the caller can remove the remote
 * files without reading them first, and two concurrent deletes never both get the same record.
 *
 * @example
 * const assets = postgresAssets(createDb(pool), tables);
 * await assets.list({ ownerId, page: 1, limit: 20 });
 */
export function postgresAssets(db: Db, t: Tables): AssetsRepository {
  return {
    async create(asset) {
      await db.count(
        `INSERT INTO ${t.assets} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          asset.id, asset.ownerId, asset.publicId, asset.url, asset.kind, asset.format, asset.bytes, asset.width,
          asset.height, asset.duration, asset.title, asset.description, asset.visibility, asset.createdAt, asset.updatedAt,
        ],
      );
    },

    async findById(id) {
      const [row] = await db.rows<AssetRow>(`SELECT ${COLUMNS} FROM ${t.assets} WHERE id = $1`, [id]);
      return row ? toAsset(row) : null;
    },

    async list(query) {
      const { limit, offset } = pageBounds(query);
      const where = '($1::text IS NULL OR owner_id = $1) AND ($2::text IS NULL OR visibility = $2)';
      const filters = [query.ownerId ?? null, query.visibility ?? null];
      const rows = await db.rows<AssetRow & Counted>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${t.assets} WHERE ${where}
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
        [...filters, limit, offset],
      );
      return pageOf(rows, toAsset, () => countOf(db, `SELECT count(*) AS n FROM ${t.assets} WHERE ${where}`, filters));
    },

    count: ({ ownerId, visibility }) =>
      countOf(db, `SELECT count(*) AS n FROM ${t.assets} WHERE owner_id = $1 AND ($2::text IS NULL OR visibility = $2)`, [
        ownerId,
        visibility ?? null,
      ]),

    async delete(id) {
      const [row] = await db.rows<AssetRow>(`DELETE FROM ${t.assets} WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      return row ? toAsset(row) : null;
    },

    async deleteMany(ids) {
      const distinct = [...new Set(ids)];
      if (distinct.length === 0) return [];
      const rows = await db.rows<AssetRow>(`DELETE FROM ${t.assets} WHERE id = ANY($1::text[]) RETURNING ${COLUMNS}`, [distinct]);
      return rows.map(toAsset);
    },

    async deleteByOwner(ownerId) {
      const rows = await db.rows<AssetRow>(`DELETE FROM ${t.assets} WHERE owner_id = $1 RETURNING ${COLUMNS}`, [ownerId]);
      return rows.map(toAsset);
    },
  };
}

// --- internal ---

const COLUMNS = `id, owner_id, public_id, url, kind, format, bytes, width, height, duration, title, description,
  visibility, created_at, updated_at`;

interface AssetRow {
  id: string;
  owner_id: string;
  public_id: string;
  url: string;
  kind: AssetKind;
  format: string;
  /** int8: a string from pg. */
  bytes: string | number;
  width: number | null;
  height: number | null;
  duration: number | null;
  title: string;
  description: string;
  visibility: AssetVisibility;
  created_at: Date;
  updated_at: Date;
}

function toAsset(row: AssetRow): AssetRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    publicId: row.public_id,
    url: row.url,
    kind: row.kind,
    format: row.format,
    bytes: Number(row.bytes),
    width: toNumberOrNull(row.width),
    height: toNumberOrNull(row.height),
    duration: toNumberOrNull(row.duration),
    title: row.title,
    description: row.description,
    visibility: row.visibility,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
