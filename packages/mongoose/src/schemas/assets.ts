// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { AssetKind, AssetVisibility } from '@vaultkit/core';
import { Schema } from 'mongoose';
import { SCHEMA_OPTIONS } from './options.js';

/** An asset's metadata as stored (the `AssetRecord` with `_id` for `id`). */
export interface AssetDoc {
  _id: string;
  ownerId: string;
  publicId: string;
  url: string;
  kind: AssetKind;
  format: string;
  bytes: number;
  width: number | null;
  height: number | null;
  duration: number | null;
  title: string;
  description: string;
  visibility: AssetVisibility;
  createdAt: Date;
  updatedAt: Date;
}

/** One index per filter combination of `assets.list` and `assets.count`, each newest first with ties by id. */
export const ASSET_INDEXES = {
  newest: 'newest',
  ownerNewest: 'owner_newest',
  ownerVisibilityNewest: 'owner_visibility_newest',
  visibilityNewest: 'visibility_newest',
} as const;

export const assetSchema = new Schema<AssetDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    publicId: { type: String, required: true },
    url: { type: String, required: true },
    kind: { type: String, required: true, enum: ['image', 'video'] },
    format: { type: String, required: true },
    bytes: { type: Number, required: true },
    width: { type: Number, default: null },
    height: { type: Number, default: null },
    duration: { type: Number, default: null },
    title: { type: String, default: '' },
    description: { type: String, default: '' },
    visibility: { type: String, required: true, enum: ['public', 'private'] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

assetSchema.index({ createdAt: -1, _id: -1 }, { name: ASSET_INDEXES.newest });
assetSchema.index({ ownerId: 1, createdAt: -1, _id: -1 }, { name: ASSET_INDEXES.ownerNewest });
assetSchema.index({ ownerId: 1, visibility: 1, createdAt: -1, _id: -1 }, { name: ASSET_INDEXES.ownerVisibilityNewest });
assetSchema.index({ visibility: 1, createdAt: -1, _id: -1 }, { name: ASSET_INDEXES.visibilityNewest });
