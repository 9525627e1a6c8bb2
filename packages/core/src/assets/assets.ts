import type { VaultContext } from '../context.js';
import { newId } from '../crypto/random.js';
import { VaultError } from '../errors/vault-error.js';
import type { UploadSource } from '../media/multipart-body.js';
import { keepUpload, removeUploadQuietly, storeUpload, userFolder } from '../media/store-upload.js';
import type { AssetListQuery, AssetRecord, AssetVisibility, Page, PageQuery } from '../ports/storage.js';
import { getUser } from '../users/profile.js';
import { type AssetJson, serializeAsset } from './serialize.js';

export interface UploadAssetInput {
  ownerId: string;
  file: UploadSource;
  title: string;
  description: string;
  visibility: AssetVisibility;
}

/** Streams an image or video to the uploader, then saves its metadata (the file is removed when saving fails). */
export async function uploadAsset(ctx: VaultContext, input: UploadAssetInput): Promise<AssetRecord> {
  // No upload for an account that is not there (any more).
  await getUser(ctx, input.ownerId);
  const upload = await storeUpload(ctx, input.file, { folder: userFolder(input.ownerId), kinds: ['image', 'video'] });
  const now = new Date(ctx.clock.now());
  const record: AssetRecord = {
    id: newId(),
    ownerId: input.ownerId,
    publicId: upload.publicId,
    url: upload.url,
    kind: upload.kind,
    format: upload.format,
    bytes: upload.bytes,
    width: upload.width ?? null,
    height: upload.height ?? null,
    duration: upload.duration ?? null,
    title: input.title,
    description: input.description,
    visibility: input.visibility,
    createdAt: now,
    updatedAt: now,
  };
  await keepUpload(ctx, upload, () => ctx.storage.assets.create(record));
  ctx.events.emit('asset.uploaded', { assetId: record.id, ownerId: record.ownerId, kind: record.kind, bytes: record.bytes });
  return record;
}

/** One asset for a viewer: the owner's own, or a public one; anything else is 404 (never 403: it does not leak existence). */
export async function getVisibleAsset(ctx: VaultContext, id: string, viewerId: string): Promise<AssetRecord> {
  const asset = await ctx.storage.assets.findById(id);
  if (!asset || (asset.ownerId !== viewerId && asset.visibility !== 'public')) throw notFound();
  return asset;
}

/** Deletes the owner's asset and its remote file; someone else's (or a missing one) is 404. */
export async function deleteOwnAsset(ctx: VaultContext, id: string, ownerId: string): Promise<void> {
  const asset = await ctx.storage.assets.findById(id);
  if (!asset || asset.ownerId !== ownerId) throw notFound();
  await deleteAsset(ctx, id, ownerId);
}

/** Deletes any asset (admin) with its remote file; 404 when it is not there (any more). */
export async function deleteAsset(ctx: VaultContext, id: string, by: string | null): Promise<void> {
  const deleted = await ctx.storage.assets.delete(id);
  if (!deleted) throw notFound();
  await removeDeleted(ctx, [deleted], by);
}

/** Deletes many assets at once; each id answers `deleted` or `not_found`, in the order given. */
export async function bulkDeleteAssets(ctx: VaultContext, ids: readonly string[], by: string | null): Promise<{ id: string; status: 'deleted' | 'not_found' }[]> {
  const unique = [...new Set(ids)];
  const deleted = await ctx.storage.assets.deleteMany(unique);
  await removeDeleted(ctx, deleted, by);
  const gone = new Set(deleted.map((a) => a.id));
  return unique.map((id) => ({ id, status: gone.has(id) ? 'deleted' : 'not_found' }));
}

/** A page of assets as clients see them. */
export async function listAssets(ctx: VaultContext, query: AssetListQuery): Promise<Page<AssetJson> & PageQuery> {
  const result = await ctx.storage.assets.list(query);
  return { items: result.items.map(serializeAsset), page: query.page, limit: query.limit, total: result.total };
}

// --- internal ---

/** Remote files go after the metadata and best-effort: the asset is already gone, a leftover file is not. */
async function removeDeleted(ctx: VaultContext, assets: AssetRecord[], by: string | null): Promise<void> {
  await Promise.all(assets.map((a) => removeUploadQuietly(ctx, { publicId: a.publicId, kind: a.kind })));
  for (const a of assets) ctx.events.emit('asset.deleted', { assetId: a.id, ownerId: a.ownerId, by });
}

function notFound(): VaultError {
  return new VaultError('NOT_FOUND', { message: 'Asset not found' });
}
