import { confirmPassword, currentUser } from '../auth/account-security.js';
import { deleteAccountInput, updateProfileInput } from '../auth/schemas.js';
import { defineRoute, type RouteDefinition } from '../http/types.js';
import { deleteUserCascade } from '../users/delete-user.js';
import { updateProfile } from '../users/profile.js';
import { serializeUser } from '../users/serialize.js';
import { callerOf, messageAnswer } from './meta.js';

const tags = ['users'];

/** The caller's own account. */
export const usersRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'GET', path: '/users/me', auth: 'user', rateLimit: 'general', tags,
    summary: 'The signed-in user',
    handler: async (ctx) => ({ data: { user: serializeUser(await currentUser(ctx.vault, callerOf(ctx))) } }),
  }),
  defineRoute({
    method: 'PATCH', path: '/users/me', auth: 'user', rateLimit: 'general', body: updateProfileInput, tags,
    summary: 'Update name, username or bio',
    handler: async (ctx) => ({ data: { user: serializeUser(await updateProfile(ctx.vault, callerOf(ctx).userId, ctx.body)) } }),
  }),
  defineRoute({
    method: 'DELETE', path: '/users/me', auth: 'user', rateLimit: 'general', body: deleteAccountInput, tags,
    summary: 'Delete the account (password required) with its sessions, media and subscriptions',
    async handler(ctx) {
      const auth = callerOf(ctx);
      const user = await currentUser(ctx.vault, auth);
      // A stolen access token alone must not be enough to destroy an account.
      await confirmPassword(ctx.vault, user, { password: ctx.body.password, field: 'password' });
      await deleteUserCascade(ctx.vault, user.id, user.id);
      return messageAnswer('Account deleted', { clearSession: true });
    },
  }),
];
