import { z } from 'zod';
import { changePassword, confirmPassword, currentUser, logout, logoutAll, setTwoFactor } from '../auth/account-security.js';
import { changePasswordInput, deleteAccountInput, twoFactorInput, updateProfileInput } from '../auth/schemas.js';
import { VaultError } from '../errors/vault-error.js';
import { deleteUserCascade } from '../users/delete-user.js';
import { updateProfile } from '../users/profile.js';
import { serializeUser } from '../users/serialize.js';
import { defineOperation } from './define.js';
import { messageJson, sessionJson } from './effects.js';
import { deviceShape, listShape, messageShape, sessionShape, userAnswer } from './shapes.js';
import { signedIn } from './signed-in.js';

const sessionId = z.object({ id: z.string().min(1).max(100) });

/** What signed-in users do with their own account and sessions: `vault.auth.*` and `vault.users.*`. */
export const accountOperations = [
  defineOperation({
    name: 'auth.logout', summary: 'End this session; its access token is refused at once', auth: 'user', rateLimit: 'general',
    output: { 200: messageShape }, http: { method: 'POST', path: '/auth/logout' },
    async run(vault, _input, call) {
      await logout(vault, signedIn(call));
      return messageJson('Logged out', { clearSession: true });
    },
  }),
  defineOperation({
    name: 'auth.logoutAll', summary: 'End every session of the account', auth: 'user', rateLimit: 'general',
    output: { 200: messageShape.extend({ sessions: z.number().int() }) }, http: { method: 'POST', path: '/auth/logout-all' },
    async run(vault, _input, call) {
      const sessions = await logoutAll(vault, signedIn(call));
      return messageJson('Logged out everywhere', { sessions, clearSession: true });
    },
  }),
  defineOperation({
    name: 'auth.changePassword', summary: 'Change the password; other sessions are signed out, this one gets a fresh pair', auth: 'user',
    rateLimit: 'general', input: changePasswordInput, output: { 200: sessionShape }, errors: ['INVALID_CREDENTIALS'],
    http: { method: 'POST', path: '/auth/change-password' },
    run: async (vault, input, call) => sessionJson(await changePassword(vault, signedIn(call), { ...input, meta: call.client })),
  }),
  defineOperation({
    name: 'auth.setTwoFactor', summary: 'Turn the email verification step at login on or off', auth: 'user', rateLimit: 'general',
    input: twoFactorInput, output: { 200: userAnswer }, errors: ['FORBIDDEN'], http: { method: 'POST', path: '/auth/two-factor' },
    run: async (vault, input, call) => ({ user: serializeUser(await setTwoFactor(vault, signedIn(call), input)) }),
  }),
  defineOperation({
    name: 'auth.listSessions', summary: 'List the live sessions of the account', auth: 'user', rateLimit: 'general',
    output: { 200: listShape(deviceShape) }, http: { method: 'GET', path: '/auth/sessions' },
    async run(vault, _input, call) {
      const me = signedIn(call);
      const sessions = await vault.tokens.listSessions(me.userId);
      const items = sessions.map((s) => ({
        id: s.id,
        current: s.id === me.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: (s.rotatedAt ?? s.createdAt).toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
      }));
      return { items, page: 1, limit: Math.max(items.length, 1), total: items.length };
    },
  }),
  defineOperation({
    name: 'auth.revokeSession', summary: 'Sign one session out', auth: 'user', rateLimit: 'general', input: sessionId,
    output: { 200: messageShape }, errors: ['NOT_FOUND'], http: { method: 'DELETE', path: '/auth/sessions/:id' },
    async run(vault, input, call) {
      const me = signedIn(call);
      const current = input.id === me.sessionId;
      const revoked = await vault.tokens.revokeSession({ userId: me.userId, sessionId: input.id, reason: 'user_request', claims: current ? me.claims : undefined });
      if (!revoked) throw new VaultError('NOT_FOUND', { message: 'Session not found' });
      return messageJson('Session revoked', { clearSession: current });
    },
  }),
  defineOperation({
    name: 'users.me', summary: 'The signed-in user', auth: 'user', permission: 'profile:read', rateLimit: 'general',
    output: { 200: userAnswer }, http: { method: 'GET', path: '/users/me' },
    run: async (vault, _input, call) => ({ user: serializeUser(await currentUser(vault, signedIn(call))) }),
  }),
  defineOperation({
    name: 'users.update', summary: 'Update name, username or bio', auth: 'user', permission: 'profile:write', rateLimit: 'general',
    input: updateProfileInput, output: { 200: userAnswer }, errors: ['CONFLICT'], http: { method: 'PATCH', path: '/users/me' },
    run: async (vault, input, call) => ({ user: serializeUser(await updateProfile(vault, signedIn(call).userId, input)) }),
  }),
  defineOperation({
    name: 'users.delete', summary: 'Delete the account (password required) with its sessions, media and subscriptions', auth: 'user',
    permission: 'profile:write', rateLimit: 'general', input: deleteAccountInput, output: { 200: messageShape },
    http: { method: 'DELETE', path: '/users/me', body: 'json' },
    async run(vault, input, call) {
      const user = await currentUser(vault, signedIn(call));
      // A stolen access token alone must not be enough to destroy an account.
      await confirmPassword(vault, user, { password: input.password, field: 'password' });
      await deleteUserCascade(vault, user.id, user.id);
      return messageJson('Account deleted', { clearSession: true });
    },
  }),
] as const;
