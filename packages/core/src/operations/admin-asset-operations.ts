import { z } from 'zod';
import { bulkDeleteAssets, deleteAsset, listAssets } from '../assets/assets.js';
import { assetId } from './asset-operations.js';
import { defineOperation } from './define.js';
import { messageJson } from './effects.js';
import { pageQuery } from './pagination.js';
import { assetShape, listShape, messageShape } from './shapes.js';

const MANAGE = 'assets:manage';

/** Asset moderation: `vault.admin.*Assets`; trusted server code may call these without a caller. */
export const adminAssetOperations = [
  defineOperation({
    name: 'admin.listAssets', summary: 'List every asset, or one owner’s (page, limit ≤ 100, ownerId)', auth: 'user', permission: MANAGE,
    allowSystem: true, rateLimit: 'general', input: pageQuery.extend({ ownerId: z.string().min(1).max(100).optional() }),
    output: { 200: listShape(assetShape) }, http: { method: 'GET', path: '/admin/assets' },
    run: (vault, input) => listAssets(vault, input),
  }),
  defineOperation({
    name: 'admin.deleteAsset', summary: 'Delete any asset and its file', auth: 'user', permission: MANAGE, allowSystem: true,
    rateLimit: 'general', input: assetId, output: { 200: messageShape }, errors: ['NOT_FOUND'],
    http: { method: 'DELETE', path: '/admin/assets/:id' },
    async run(vault, input, call) {
      await deleteAsset(vault, input.id, call.caller?.id ?? null);
      return messageJson('Asset deleted');
    },
  }),
  defineOperation({
    name: 'admin.bulkDeleteAssets', summary: 'Delete many assets and their files; each id answers deleted or not_found', auth: 'user',
    permission: MANAGE, allowSystem: true, rateLimit: 'general',
    input: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(100) }),
    output: { 200: z.object({ results: z.array(z.object({ id: z.string(), status: z.enum(['deleted', 'not_found']) }).strict()) }).strict() },
    http: { method: 'POST', path: '/admin/assets/bulk-delete' },
    run: async (vault, input, call) => ({ results: await bulkDeleteAssets(vault, input.ids, call.caller?.id ?? null) }),
  }),
] as const;
