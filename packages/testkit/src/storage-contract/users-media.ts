import type { MediaRef } from '@vaultkit/core';
import { expect, it } from 'vitest';
import { newId, TIME, userRecord } from './fixtures.js';
import type { ContractEnv } from './setup.js';

const ref = (label: string): MediaRef => ({ publicId: `vaultkit/${label}`, url: `https://cdn.example.test/${label}.png` });

/** `users.findByIds` and `users.replaceMedia` (the atomic swap of an avatar or cover). */
export function usersMediaContract(env: ContractEnv): void {
  it('users.findByIds - the users found, each once, in any order; [] for none', async () => {
    const [a, b, c] = [userRecord(env.t0), userRecord(env.t0), userRecord(env.t0)];
    for (const user of [a, b, c]) await env.storage.users.create(user);
    const found = await env.storage.users.findByIds([b.id, newId(), a.id, b.id]);
    expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
    expect(found.find((u) => u.id === a.id)).toEqual(a);
    await expect(env.storage.users.findByIds([])).resolves.toEqual([]);
    await expect(env.storage.users.findByIds([newId()])).resolves.toEqual([]);
  });

  it('users.replaceMedia - sets the slot and updatedAt, returns the previous ref; null for a missing user', async () => {
    const user = userRecord(env.t0, { cover: ref('cover-0') });
    await env.storage.users.create(user);
    const at = env.at(TIME.MINUTE);
    await expect(env.storage.users.replaceMedia(user.id, 'avatar', ref('a1'), at)).resolves.toEqual({ previous: null });
    await expect(env.storage.users.replaceMedia(user.id, 'avatar', ref('a2'), at)).resolves.toEqual({ previous: ref('a1') });
    await expect(env.storage.users.replaceMedia(user.id, 'cover', null, at)).resolves.toEqual({ previous: ref('cover-0') });
    await expect(env.storage.users.findById(user.id)).resolves.toEqual({ ...user, avatar: ref('a2'), cover: null, updatedAt: at });
    await expect(env.storage.users.replaceMedia(newId(), 'avatar', ref('x'), at)).resolves.toBeNull();
  });

  it('users.replaceMedia - two concurrent replacements: distinct previous refs, exactly one new ref stays', async () => {
    for (let round = 0; round < 5; round++) {
      const user = userRecord(env.t0, { avatar: ref('old') });
      await env.storage.users.create(user);
      const [x, y] = [ref(`x${round}`), ref(`y${round}`)];
      const [rx, ry] = await Promise.all([
        env.storage.users.replaceMedia(user.id, 'avatar', x, env.at(1)),
        env.storage.users.replaceMedia(user.id, 'avatar', y, env.at(1)),
      ]);
      const stored = (await env.storage.users.findById(user.id))?.avatar;
      // One call replaced `old`, the other replaced the first one's ref: every file is either
      // stored or handed back as previous exactly once, so none leaks.
      const seen = [rx?.previous, ry?.previous, stored].map((r) => r?.publicId).sort();
      expect(seen).toEqual([ref('old').publicId, x.publicId, y.publicId].sort());
      expect([x.publicId, y.publicId]).toContain(stored?.publicId);
    }
  });
}
