import { z } from 'zod';
import { deleteUserAsAdmin, ensureAdmin, listUsers, updateUserAsAdmin } from '../admin/users.js';
import { emailSchema, passwordSchema } from '../auth/schemas.js';
import { getUser } from '../users/profile.js';
import { serializeUser } from '../users/serialize.js';
import { defineOperation } from './define.js';
import { messageJson } from './effects.js';
import { pageQuery } from './pagination.js';
import { listShape, messageShape, userAnswer, userShape } from './shapes.js';

const MANAGE = 'users:manage';
const userId = z.object({ id: z.string().min(1).max(100) });

/**
 * User administration: `vault.admin.*`, the `users:manage` permission (role `admin` has it
 * through `*`). Trusted server code may call these without a caller (`allowSystem`); with one,
 * its permission is checked and it cannot demote, ban or delete itself.
 */
export const adminOperations = [
  defineOperation({
    name: 'admin.listUsers', summary: 'List users (page, limit ≤ 100, search, role)', auth: 'user', permission: MANAGE, allowSystem: true,
    rateLimit: 'general', output: { 200: listShape(userShape) }, http: { method: 'GET', path: '/admin/users' },
    input: pageQuery.extend({ search: z.string().trim().max(100).optional(), role: z.string().trim().max(32).optional() }),
    async run(vault, input) {
      const result = await listUsers(vault, input);
      return { items: result.items.map(serializeUser), page: result.page, limit: result.limit, total: result.total };
    },
  }),
  defineOperation({
    name: 'admin.getUser', summary: 'One user', auth: 'user', permission: MANAGE, allowSystem: true, rateLimit: 'general',
    input: userId, output: { 200: userAnswer }, errors: ['NOT_FOUND'], http: { method: 'GET', path: '/admin/users/:id' },
    run: async (vault, input) => ({ user: serializeUser(await getUser(vault, input.id)) }),
  }),
  defineOperation({
    name: 'admin.updateUser', summary: 'Change role or ban; either signs the user out everywhere', auth: 'user', permission: MANAGE,
    allowSystem: true, rateLimit: 'general', output: { 200: userAnswer }, errors: ['NOT_FOUND', 'FORBIDDEN'],
    input: userId
      .extend({ role: z.string().trim().min(1).max(32).optional(), banned: z.boolean().optional() })
      .refine((v) => v.role !== undefined || v.banned !== undefined, { message: 'role or banned is required' }),
    http: { method: 'PATCH', path: '/admin/users/:id' },
    async run(vault, input, call) {
      const { id, ...change } = input;
      return { user: serializeUser(await updateUserAsAdmin(vault, id, { ...change, by: call.caller?.id ?? null })) };
    },
  }),
  defineOperation({
    name: 'admin.deleteUser', summary: 'Delete a user with their sessions, media and subscriptions', auth: 'user', permission: MANAGE,
    allowSystem: true, rateLimit: 'general', input: userId, output: { 200: messageShape }, errors: ['NOT_FOUND', 'FORBIDDEN'],
    http: { method: 'DELETE', path: '/admin/users/:id' },
    async run(vault, input, call) {
      await deleteUserAsAdmin(vault, input.id, call.caller?.id ?? null);
      return messageJson('User deleted');
    },
  }),
  defineOperation({
    name: 'admin.ensureAdmin', summary: 'Create a verified admin with this password, or promote (and verify) the existing account',
    auth: 'user', permission: MANAGE, allowSystem: true, rateLimit: null,
    input: z.object({ email: emailSchema, password: passwordSchema }), output: { 200: userAnswer },
    run: async (vault, input) => ({ user: serializeUser(await ensureAdmin(vault, input)) }),
  }),
] as const;
