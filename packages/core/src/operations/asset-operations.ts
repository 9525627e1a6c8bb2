import { z } from 'zod';
import { deleteOwnAsset, getVisibleAsset, listAssets, uploadAsset } from '../assets/assets.js';
import { serializeAsset } from '../assets/serialize.js';
import { findChannelOwner } from '../channels/channels.js';
import { fileInput, multipart } from '../media/multipart-body.js';
import { channelInput } from './channel-operations.js';
import { defineOperation } from './define.js';
import { messageJson } from './effects.js';
import { pageQuery } from './pagination.js';
import { assetAnswer, assetShape, listShape, messageShape } from './shapes.js';
import { signedIn } from './signed-in.js';

/** The `:id` of `/assets/:id` and `/admin/assets/:id`. */
export const assetId = z.object({ id: z.string().min(1).max(100) });

/** The signed-in user's uploads: `vault.assets.*`, `/assets…` and the public `/channels/:username/assets`. */
export const assetOperations = [
  defineOperation({
    name: 'assets.upload', summary: 'Upload an image or video (multipart `file` + title, description, visibility)', auth: 'user',
    permission: 'assets:write', rateLimit: 'upload', output: { 201: assetAnswer }, errors: ['NOT_FOUND'],
    input: z.object({
      file: fileInput(),
      title: z.string().trim().max(200).default(''),
      description: z.string().trim().max(5000).default(''),
      visibility: z.enum(['public', 'private']).default('public'),
    }),
    http: { method: 'POST', path: '/assets', body: multipart({ kinds: ['image', 'video'] }), status: () => 201 },
    run: async (vault, input, call) => ({ asset: serializeAsset(await uploadAsset(vault, { ownerId: signedIn(call).userId, ...input })) }),
  }),
  defineOperation({
    name: 'assets.list', summary: "The signed-in user's assets, newest first", auth: 'user', permission: 'assets:read', rateLimit: 'general',
    input: pageQuery, output: { 200: listShape(assetShape) }, http: { method: 'GET', path: '/assets' },
    run: (vault, input, call) => listAssets(vault, { ...input, ownerId: signedIn(call).userId }),
  }),
  defineOperation({
    name: 'assets.get', summary: 'One asset: your own, or anyone’s public one (someone else’s private asset is 404)', auth: 'user',
    permission: 'assets:read', rateLimit: 'general', input: assetId, output: { 200: assetAnswer }, errors: ['NOT_FOUND'],
    http: { method: 'GET', path: '/assets/:id' },
    run: async (vault, input, call) => ({ asset: serializeAsset(await getVisibleAsset(vault, input.id, signedIn(call).userId)) }),
  }),
  defineOperation({
    name: 'assets.delete', summary: 'Delete one of your assets and its file (someone else’s is 404)', auth: 'user', permission: 'assets:write',
    rateLimit: 'general', input: assetId, output: { 200: messageShape }, errors: ['NOT_FOUND'],
    http: { method: 'DELETE', path: '/assets/:id' },
    async run(vault, input, call) {
      await deleteOwnAsset(vault, input.id, signedIn(call).userId);
      return messageJson('Asset deleted');
    },
  }),
  defineOperation({
    name: 'assets.listChannel', summary: "A channel's public assets, newest first", auth: 'public', rateLimit: 'general',
    input: pageQuery.extend(channelInput.shape), output: { 200: listShape(assetShape) }, errors: ['NOT_FOUND'],
    http: { method: 'GET', path: '/channels/:username/assets' },
    async run(vault, input) {
      const owner = await findChannelOwner(vault, input.username);
      return listAssets(vault, { ownerId: owner.id, visibility: 'public', page: input.page, limit: input.limit });
    },
  }),
] as const;
