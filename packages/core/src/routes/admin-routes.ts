import { z } from 'zod';
import { deleteUserAsAdmin, listUsers, updateUserAsAdmin } from '../admin/users.js';
import { defineRoute, type RouteDefinition } from '../http/types.js';
import { getUser } from '../users/profile.js';
import { serializeUser } from '../users/serialize.js';
import { callerOf, messageAnswer } from './meta.js';
import { listData, pageQuery } from './pagination.js';

const tags = ['admin'];
const idParams = z.object({ id: z.string().min(1).max(100) });

/** User administration (the `users:manage` permission: role `admin` has it through `*`). */
export const adminRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'GET', path: '/admin/users', auth: 'user', permission: 'users:manage', rateLimit: 'general', tags,
    query: pageQuery.extend({ search: z.string().trim().max(100).optional(), role: z.string().trim().max(32).optional() }),
    summary: 'List users (page, limit ≤ 100, search, role)',
    async handler(ctx) {
      const result = await listUsers(ctx.vault, ctx.query);
      return { data: listData(result.items.map(serializeUser), result) };
    },
  }),
  defineRoute({
    method: 'GET', path: '/admin/users/:id', auth: 'user', permission: 'users:manage', rateLimit: 'general', params: idParams, tags,
    summary: 'One user',
    handler: async (ctx) => ({ data: { user: serializeUser(await getUser(ctx.vault, ctx.params.id)) } }),
  }),
  defineRoute({
    method: 'PATCH', path: '/admin/users/:id', auth: 'user', permission: 'users:manage', rateLimit: 'general', params: idParams, tags,
    body: z
      .object({ role: z.string().trim().min(1).max(32).optional(), banned: z.boolean().optional() })
      .refine((v) => v.role !== undefined || v.banned !== undefined, { message: 'role or banned is required' }),
    summary: 'Change role or ban; either signs the user out everywhere',
    async handler(ctx) {
      const user = await updateUserAsAdmin(ctx.vault, ctx.params.id, { ...ctx.body, by: callerOf(ctx).userId });
      return { data: { user: serializeUser(user) } };
    },
  }),
  defineRoute({
    method: 'DELETE', path: '/admin/users/:id', auth: 'user', permission: 'users:manage', rateLimit: 'general', params: idParams, tags,
    summary: 'Delete a user with their sessions, media and subscriptions',
    async handler(ctx) {
      await deleteUserAsAdmin(ctx.vault, ctx.params.id, callerOf(ctx).userId);
      return messageAnswer('User deleted');
    },
  }),
];
