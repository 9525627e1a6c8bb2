import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import type { Page, UserPatch, UserRecord } from '../ports/storage.js';
import { deleteUserCascade } from '../users/delete-user.js';
import { newUserRecord } from '../users/new-user.js';

export interface AdminUserQuery {
  /** From 1 (validated by the operation's `pageQuery`). */
  page: number;
  /** 1 to `MAX_PAGE_SIZE` (validated likewise). */
  limit: number;
  search?: string | undefined;
  role?: string | undefined;
}

/** Users, newest first. */
export async function listUsers(ctx: VaultContext, query: AdminUserQuery): Promise<Page<UserRecord> & { page: number; limit: number }> {
  const { page, limit } = query;
  const result = await ctx.storage.users.list({ page, limit, search: query.search || undefined, role: query.role || undefined });
  return { ...result, page, limit };
}

/**
 * Changes a user's role or ban. Either change revokes every session of the user, so their access
 * tokens stop working at once. An admin cannot demote or ban themselves (no lock-out by mistake).
 */
export async function updateUserAsAdmin(
  ctx: VaultContext,
  userId: string,
  input: { role?: string; banned?: boolean; by: string | null },
): Promise<UserRecord> {
  const { by } = input;
  // Own keys only: "constructor", "toString" or "__proto__" are not roles (#9).
  if (input.role !== undefined && !Object.hasOwn(ctx.config.roles, input.role)) {
    throw new VaultError('VALIDATION_FAILED', { details: [{ path: 'role', message: `must be one of: ${Object.keys(ctx.config.roles).join(', ')}` }] });
  }
  if (by === userId) throw new VaultError('FORBIDDEN', { message: 'Administrators cannot change their own role or ban themselves' });
  const user = await ctx.storage.users.findById(userId);
  if (!user) throw new VaultError('NOT_FOUND', { message: 'User not found' });
  const patch: UserPatch = { updatedAt: new Date(ctx.clock.now()) };
  const roleChanged = input.role !== undefined && input.role !== user.role;
  const banChanged = input.banned !== undefined && input.banned !== user.banned;
  if (roleChanged) patch.role = input.role;
  if (banChanged) patch.banned = input.banned;
  const updated = await ctx.storage.users.update(userId, patch);
  if (!updated) throw new VaultError('NOT_FOUND', { message: 'User not found' });
  if (roleChanged) {
    await ctx.tokens.revokeAllSessions({ userId, reason: 'role_changed' });
    ctx.events.emit('user.role_changed', { userId, role: updated.role, by });
  }
  if (banChanged) {
    if (updated.banned) await ctx.tokens.revokeAllSessions({ userId, reason: 'banned' });
    ctx.events.emit('user.banned', { userId, banned: updated.banned, by });
  }
  return updated;
}

/**
 * Deletes a user with everything they own; `NOT_FOUND` when already gone. Administrators cannot
 * delete their own account here (an access token alone must not be able to): they leave through
 * `DELETE /users/me`, which asks for the password.
 */
export async function deleteUserAsAdmin(ctx: VaultContext, userId: string, by: string | null): Promise<void> {
  if (by === userId) throw new VaultError('FORBIDDEN', { message: 'Administrators cannot delete their own account here; use DELETE /users/me' });
  if (!(await deleteUserCascade(ctx, userId, by))) throw new VaultError('NOT_FOUND', { message: 'User not found' });
}

/**
 * Creates a verified admin with this password, or promotes (and verifies) the existing account:
 * for bootstrapping (the example servers' `ADMIN_EMAIL` / `ADMIN_PASSWORD`).
 */
export async function ensureAdmin(ctx: VaultContext, input: { email: string; password: string }): Promise<UserRecord> {
  const now = new Date(ctx.clock.now());
  const existing = await ctx.storage.users.findByEmail(input.email);
  if (existing) {
    const updated = await ctx.storage.users.update(existing.id, { role: 'admin', emailVerified: true, banned: false, updatedAt: now });
    return updated ?? existing;
  }
  await ctx.passwords.assertAcceptable(input.password);
  const user = newUserRecord({ email: input.email, passwordHash: await ctx.passwords.hash(input.password), role: 'admin', emailVerified: true }, now);
  await ctx.storage.users.create(user);
  return user;
}
