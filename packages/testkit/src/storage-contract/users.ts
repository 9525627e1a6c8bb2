import { describe, expect, it } from 'vitest';
import { newId, newUsername, TIME, userRecord } from './fixtures.js';
import type { ContractEnv } from './setup.js';
import { usersListContract } from './users-list.js';
import { usersMediaContract } from './users-media.js';

export const conflict = (field: string) => ({ name: 'ConflictError', code: 'CONFLICT', status: 409, field });

/** `users`: unique email and username ignoring case, patches, newest-first paged listing. */
export function usersContract(env: ContractEnv): void {
  describe('users', () => {
    it('users.create - stores the record as given (dates stay Dates)', async () => {
      const user = userRecord(env.t0, { username: newUsername(), name: 'Ada', avatar: { publicId: 'a/1', url: 'https://x.test/1' } });
      await env.storage.users.create(user);
      const found = await env.storage.users.findById(user.id);
      expect(found).toEqual(user);
      expect(found?.createdAt).toBeInstanceOf(Date);
    });

    it('users.findById - null when not found', async () => {
      await expect(env.storage.users.findById(userRecord(env.t0).id)).resolves.toBeNull();
    });

    it('users.findById - returns a copy that cannot change the stored record', async () => {
      const user = userRecord(env.t0, { avatar: { publicId: 'a/1', url: 'https://x.test/1' } });
      await env.storage.users.create(user);
      user.role = 'mutated-input';
      const found = await env.storage.users.findById(user.id);
      if (!found?.avatar) throw new Error('user not stored');
      found.role = 'mutated-output';
      found.avatar.url = 'https://evil.test';
      found.createdAt.setTime(0);
      const again = await env.storage.users.findById(user.id);
      expect(again).toMatchObject({ role: 'user', avatar: { url: 'https://x.test/1' } });
      expect(again?.createdAt.getTime()).not.toBe(0);
    });

    it('users.findByEmail - ignores case and keeps the email as typed', async () => {
      const user = userRecord(env.t0, { email: `Mixed.${newId()}@Example.TEST` });
      await env.storage.users.create(user);
      const found = await env.storage.users.findByEmail(user.email.toUpperCase());
      expect(found?.id).toBe(user.id);
      expect(found?.email).toBe(user.email);
      await expect(env.storage.users.findByEmail(`nobody.${user.email}`)).resolves.toBeNull();
    });

    it('users.findByUsername - ignores case; null when not found', async () => {
      const user = userRecord(env.t0, { username: newUsername() });
      await env.storage.users.create(user);
      await expect(env.storage.users.findByUsername(user.username!.toUpperCase())).resolves.toMatchObject({ id: user.id });
      await expect(env.storage.users.findByUsername(newUsername())).resolves.toBeNull();
    });

    it('users.create - ConflictError(email) on the same email in another case', async () => {
      const first = userRecord(env.t0);
      await env.storage.users.create(first);
      const clash = userRecord(env.t0, { email: first.email.toUpperCase() });
      await expect(env.storage.users.create(clash)).rejects.toMatchObject(conflict('email'));
      await expect(env.storage.users.findById(clash.id)).resolves.toBeNull();
    });

    it('users.create - ConflictError(username) on the same username in another case', async () => {
      const first = userRecord(env.t0, { username: newUsername() });
      await env.storage.users.create(first);
      const clash = userRecord(env.t0, { username: first.username!.toUpperCase() });
      await expect(env.storage.users.create(clash)).rejects.toMatchObject(conflict('username'));
      await expect(env.storage.users.findById(clash.id)).resolves.toBeNull();
    });

    it('users.create - several users without a username do not clash', async () => {
      const a = userRecord(env.t0);
      const b = userRecord(env.t0);
      await env.storage.users.create(a);
      await env.storage.users.create(b);
      await expect(env.storage.users.findById(b.id)).resolves.toMatchObject({ username: null });
    });

    it('users.update - applies the patch and returns the updated record', async () => {
      const user = userRecord(env.t0);
      await env.storage.users.create(user);
      const updatedAt = new Date(env.t0 + TIME.MINUTE);
      const username = newUsername();
      const updated = await env.storage.users.update(user.id, { name: 'Grace', username, role: 'admin', updatedAt });
      expect(updated).toEqual({ ...user, name: 'Grace', username, role: 'admin', updatedAt });
      await expect(env.storage.users.findById(user.id)).resolves.toEqual(updated);
      await expect(env.storage.users.findByUsername(username)).resolves.toMatchObject({ id: user.id });
    });

    it('users.update - null for a missing id', async () => {
      await expect(env.storage.users.update(userRecord(env.t0).id, { name: 'x' })).resolves.toBeNull();
    });

    it('users.update - ConflictError(email) on another user\'s email, nothing changed', async () => {
      const a = userRecord(env.t0);
      const b = userRecord(env.t0, { name: 'before' });
      await env.storage.users.create(a);
      await env.storage.users.create(b);
      await expect(env.storage.users.update(b.id, { email: a.email.toUpperCase(), name: 'after' })).rejects.toMatchObject(conflict('email'));
      await expect(env.storage.users.findById(b.id)).resolves.toEqual(b);
    });

    it('users.update - ConflictError(username) on another user\'s username, nothing changed', async () => {
      const a = userRecord(env.t0, { username: newUsername() });
      const b = userRecord(env.t0, { username: newUsername() });
      await env.storage.users.create(a);
      await env.storage.users.create(b);
      await expect(env.storage.users.update(b.id, { username: a.username!.toUpperCase() })).rejects.toMatchObject(conflict('username'));
      await expect(env.storage.users.findById(b.id)).resolves.toEqual(b);
      await expect(env.storage.users.findByUsername(b.username!)).resolves.toMatchObject({ id: b.id });
    });

    it('users.update - a user may keep or re-case its own email; a released username is free', async () => {
      const a = userRecord(env.t0, { username: newUsername() });
      const b = userRecord(env.t0);
      await env.storage.users.create(a);
      await env.storage.users.create(b);
      await expect(env.storage.users.update(a.id, { email: a.email.toUpperCase(), username: a.username })).resolves.toMatchObject({ id: a.id });
      await env.storage.users.update(a.id, { username: null });
      await expect(env.storage.users.update(b.id, { username: a.username })).resolves.toMatchObject({ username: a.username });
    });

    it('users.create - a clash on both email and username names email; nothing is written', async () => {
      const first = userRecord(env.t0, { username: newUsername() });
      await env.storage.users.create(first);
      const clash = userRecord(env.t0, { email: first.email.toUpperCase(), username: first.username!.toUpperCase() });
      await expect(env.storage.users.create(clash)).rejects.toMatchObject(conflict('email'));
      await expect(env.storage.users.findById(clash.id)).resolves.toBeNull();
    });

    it('users.create - dates keep their milliseconds', async () => {
      const createdAt = new Date(env.t0 - (env.t0 % 1000) + 987);
      const user = userRecord(env.t0, { createdAt, updatedAt: new Date(createdAt.getTime() + 1) });
      await env.storage.users.create(user);
      const found = await env.storage.users.findById(user.id);
      expect(found?.createdAt.getTime()).toBe(createdAt.getTime());
      expect(found?.updatedAt.getTime()).toBe(createdAt.getTime() + 1);
    });

    it('users.update - an undefined key leaves the field; null clears it', async () => {
      const user = userRecord(env.t0, { name: 'Ada', bio: 'math', username: newUsername() });
      await env.storage.users.create(user);
      const updated = await env.storage.users.update(user.id, { name: undefined, username: undefined, bio: null });
      expect(updated).toEqual({ ...user, bio: null });
      await expect(env.storage.users.findByUsername(user.username!)).resolves.toMatchObject({ id: user.id });
    });

    it('users.update - a clash on both email and username names email; nothing changed', async () => {
      const a = userRecord(env.t0, { username: newUsername() });
      const b = userRecord(env.t0, { username: newUsername() });
      await env.storage.users.create(a);
      await env.storage.users.create(b);
      await expect(env.storage.users.update(b.id, { email: a.email, username: a.username })).rejects.toMatchObject(conflict('email'));
      await expect(env.storage.users.findById(b.id)).resolves.toEqual(b);
    });

    it('users.bumpCredentialVersion - adds one and returns the new version; null for a missing id', async () => {
      const user = userRecord(env.t0, { credentialVersion: 4 });
      await env.storage.users.create(user);
      await expect(env.storage.users.bumpCredentialVersion(user.id)).resolves.toBe(5);
      await expect(env.storage.users.findById(user.id)).resolves.toMatchObject({ credentialVersion: 5, passwordHash: user.passwordHash });
      await expect(env.storage.users.bumpCredentialVersion(newId())).resolves.toBeNull();
    });

    /** @see issue 9: the version is what lets a revocation cover logins in flight. */
    it('users.bumpCredentialVersion - atomic: 20 concurrent bumps raise it by exactly 20, each seeing its own value', async () => {
      const user = userRecord(env.t0);
      await env.storage.users.create(user);
      const versions = await Promise.all(Array.from({ length: 20 }, () => env.storage.users.bumpCredentialVersion(user.id)));
      expect([...versions].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      await expect(env.storage.users.findById(user.id)).resolves.toMatchObject({ credentialVersion: 20 });
    });

    it('users.update - never changes credentialVersion, even when the patch names it', async () => {
      const user = userRecord(env.t0, { credentialVersion: 2 });
      await env.storage.users.create(user);
      const patch = { name: 'Ada', credentialVersion: 0 } as Parameters<typeof env.storage.users.update>[1];
      await expect(env.storage.users.update(user.id, patch)).resolves.toMatchObject({ name: 'Ada', credentialVersion: 2 });
    });

    it('users.delete - true once, then false; the email can be used again', async () => {
      const user = userRecord(env.t0);
      await env.storage.users.create(user);
      await expect(env.storage.users.delete(user.id)).resolves.toBe(true);
      await expect(env.storage.users.delete(user.id)).resolves.toBe(false);
      await expect(env.storage.users.findByEmail(user.email)).resolves.toBeNull();
      await expect(env.storage.users.create(userRecord(env.t0, { email: user.email }))).resolves.toBeUndefined();
    });

    usersListContract(env);
    usersMediaContract(env);
  });
}
