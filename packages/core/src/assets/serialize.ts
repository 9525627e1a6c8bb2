import type { AssetKind, AssetRecord, AssetVisibility } from '../ports/storage.js';

/** An asset as clients see it (DESIGN §7b); `width`, `height` and `duration` only when known. */
export interface AssetJson {
  id: string;
  ownerId: string;
  kind: AssetKind;
  format: string;
  bytes: number;
  width?: number;
  height?: number;
  duration?: number;
  url: string;
  title: string;
  description: string;
  visibility: AssetVisibility;
  createdAt: string;
}

/** Fields are picked one by one: `publicId` (the uploader's handle) stays on the server. */
export function serializeAsset(asset: AssetRecord): AssetJson {
  return {
    id: asset.id,
    ownerId: asset.ownerId,
    kind: asset.kind,
    format: asset.format,
    bytes: asset.bytes,
    ...(asset.width === null ? {} : { width: asset.width }),
    ...(asset.height === null ? {} : { height: asset.height }),
    ...(asset.duration === null ? {} : { duration: asset.duration }),
    url: asset.url,
    title: asset.title,
    description: asset.description,
    visibility: asset.visibility,
    createdAt: asset.createdAt.toISOString(),
  };
}
