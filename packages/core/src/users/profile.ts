import type { UpdateProfileInput } from '../auth/schemas.js';
import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import type { UserPatch, UserRecord } from '../ports/storage.js';

/** A user by id; `NOT_FOUND` when there is none. */
export async function getUser(ctx: VaultContext, userId: string): Promise<UserRecord> {
  const user = await ctx.storage.users.findById(userId);
  if (!user) throw new VaultError('NOT_FOUND', { message: 'User not found' });
  return user;
}

/** Updates name, username and bio; a taken username is a 409 with `details[0].path` `username`. */
export async function updateProfile(ctx: VaultContext, userId: string, input: UpdateProfileInput): Promise<UserRecord> {
  const patch: UserPatch = { updatedAt: new Date(ctx.clock.now()) };
  if (input.name !== undefined) patch.name = input.name;
  if (input.bio !== undefined) patch.bio = input.bio;
  if (input.username !== undefined) patch.username = input.username;
  const updated = await ctx.storage.users.update(userId, patch);
  if (!updated) throw new VaultError('NOT_FOUND', { message: 'User not found' });
  ctx.events.emit('user.updated', { userId, fields: Object.keys(input) });
  return updated;
}

/** Whether a username is free (ignoring case). */
export async function isUsernameAvailable(ctx: VaultContext, username: string): Promise<boolean> {
  return (await ctx.storage.users.findByUsername(username)) === null;
}
