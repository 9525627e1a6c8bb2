// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { AssetRecord, AssetsRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { findAll, NEWEST_FIRST, pageOf, toDate } from './internal.js';
import type { AssetDoc } from './schemas/assets.js';

/**
 * Uploaded-file metadata. Lists are newest first with ties by id, on an index per filter
 * combination. `delete` is a `findOneAndDelete`, so of two concurrent deletes one gets the
 * record; the bulk deletes read the records, then delete those ids.
 *
 * @example
 * const assets = mongooseAssets(collectionsOf(vaultkitModels(connection)).assets);
 */
export function mongooseAssets(assets: mongo.Collection<AssetDoc>): AssetsRepository {
  /**
   * Deletes what `filter` matches and returns those records. `deleteMany` does not say what it
   * deleted, so the records are read first and only their ids deleted: a record added in
   * between stays, and a concurrent bulk delete of the same ids may report a record too (the
   * uploader's remove is idempotent).
   */
  const deleteWhere = async (filter: mongo.Filter<AssetDoc>): Promise<AssetRecord[]> => {
    const docs = await findAll(assets, filter);
    if (docs.length === 0) return [];
    await assets.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } });
    return docs.map(toAsset);
  };

  return {
    async create(asset) {
      await assets.insertOne(toDoc(asset));
    },

    async findById(id) {
      const doc = await assets.findOne({ _id: id });
      return doc ? toAsset(doc) : null;
    },

    async list(query) {
      const filter: mongo.Filter<AssetDoc> = {};
      if (query.ownerId !== undefined) filter.ownerId = query.ownerId;
      if (query.visibility !== undefined) filter.visibility = query.visibility;
      return pageOf({ collection: assets, filter, sort: NEWEST_FIRST, query, map: toAsset });
    },

    async count({ ownerId, visibility }) {
      return assets.countDocuments(visibility === undefined ? { ownerId } : { ownerId, visibility });
    },

    async delete(id) {
      const doc = await assets.findOneAndDelete({ _id: id });
      return doc ? toAsset(doc) : null;
    },

    async deleteMany(ids) {
      const distinct = [...new Set(ids)];
      return distinct.length === 0 ? [] : deleteWhere({ _id: { $in: distinct } });
    },

    deleteByOwner: (ownerId) => deleteWhere({ ownerId }),
  };
}

// --- internal ---

function toDoc(asset: AssetRecord): AssetDoc {
  return {
    _id: asset.id,
    ownerId: asset.ownerId,
    publicId: asset.publicId,
    url: asset.url,
    kind: asset.kind,
    format: asset.format,
    bytes: asset.bytes,
    width: asset.width,
    height: asset.height,
    duration: asset.duration,
    title: asset.title,
    description: asset.description,
    visibility: asset.visibility,
    createdAt: asset.createdAt,
    updatedAt: asset.updatedAt,
  };
}

function toAsset(doc: AssetDoc): AssetRecord {
  return {
    id: doc._id,
    ownerId: doc.ownerId,
    publicId: doc.publicId,
    url: doc.url,
    kind: doc.kind,
    format: doc.format,
    bytes: Number(doc.bytes),
    width: doc.width ?? null,
    height: doc.height ?? null,
    duration: doc.duration ?? null,
    title: doc.title,
    description: doc.description,
    visibility: doc.visibility,
    createdAt: toDate(doc.createdAt),
    updatedAt: toDate(doc.updatedAt),
  };
}
