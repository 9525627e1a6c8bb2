import type { SessionRotation } from '@vaultkit/core';
import { describe, expect, it } from 'vitest';
import { hashOf, newId, sessionRecord, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `sessions`: compare-and-set rotation (one winner), expiry through the clock, per-user deletes. */
export function sessionsContract(env: ContractEnv): void {
  const rotation = (from: string, label = newId()): SessionRotation => {
    const now = env.clock.now();
    return { refreshHash: hashOf(`next:${label}`), previousHash: from, rotatedAt: new Date(now), lastPair: `sealed:${label}`, expiresAt: new Date(now + 2 * TIME.HOUR) };
  };

  describe('sessions', () => {
    it('sessions.create - findById returns the record as given (with its credentialVersion)', async () => {
      const session = sessionRecord(env.clock, { credentialVersion: 7 });
      await env.storage.sessions.create(session);
      await expect(env.storage.sessions.findById(session.id)).resolves.toEqual(session);
      await expect(env.storage.sessions.findById(newId())).resolves.toBeNull();
    });

    env.itWithClock('sessions.findById - null once expiresAt has passed', async () => {
      const session = sessionRecord(env.clock);
      await env.storage.sessions.create(session);
      env.clock.advance(TIME.HOUR - TIME.MINUTE);
      await expect(env.storage.sessions.findById(session.id)).resolves.not.toBeNull();
      env.clock.advance(2 * TIME.MINUTE);
      await expect(env.storage.sessions.findById(session.id)).resolves.toBeNull();
    });

    env.itWithClock('sessions.findById - null once absoluteExpiresAt has passed, even if expiresAt is later', async () => {
      const now = env.clock.now();
      const session = sessionRecord(env.clock, { expiresAt: new Date(now + TIME.DAY), absoluteExpiresAt: new Date(now + TIME.HOUR) });
      await env.storage.sessions.create(session);
      env.clock.advance(TIME.HOUR + TIME.MINUTE);
      await expect(env.storage.sessions.findById(session.id)).resolves.toBeNull();
    });

    it('sessions.rotate - applies the rotation when the hash matches', async () => {
      const session = sessionRecord(env.clock);
      await env.storage.sessions.create(session);
      env.clock.advance(TIME.MINUTE);
      const next = rotation(session.refreshHash);
      await expect(env.storage.sessions.rotate(session.id, session.refreshHash, next)).resolves.toBe(true);
      await expect(env.storage.sessions.findById(session.id)).resolves.toEqual({ ...session, ...next });
    });

    it('sessions.rotate - a sequential guard miss returns false and changes nothing', async () => {
      const session = sessionRecord(env.clock);
      await env.storage.sessions.create(session);
      const first = rotation(session.refreshHash, 'first');
      await expect(env.storage.sessions.rotate(session.id, session.refreshHash, first)).resolves.toBe(true);
      const stale = rotation(session.refreshHash, 'stale');
      await expect(env.storage.sessions.rotate(session.id, session.refreshHash, stale)).resolves.toBe(false);
      await expect(env.storage.sessions.findById(session.id)).resolves.toEqual({ ...session, ...first });
    });

    it('sessions.rotate - false for an unknown session', async () => {
      await expect(env.storage.sessions.rotate(newId(), hashOf('x'), rotation(hashOf('x')))).resolves.toBe(false);
    });

    it('sessions.rotate - 50 concurrent calls with the same expected hash: exactly one wins', async () => {
      const session = sessionRecord(env.clock);
      await env.storage.sessions.create(session);
      const candidates = Array.from({ length: 50 }, (_, i) => rotation(session.refreshHash, `racer-${i}`));
      const results = await Promise.all(candidates.map((next) => env.storage.sessions.rotate(session.id, session.refreshHash, next)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = candidates[results.indexOf(true)]!;
      await expect(env.storage.sessions.findById(session.id)).resolves.toEqual({ ...session, ...winner });
    });

    it('sessions.delete - true once, then false', async () => {
      const session = sessionRecord(env.clock);
      await env.storage.sessions.create(session);
      await expect(env.storage.sessions.delete(session.id)).resolves.toBe(true);
      await expect(env.storage.sessions.delete(session.id)).resolves.toBe(false);
      await expect(env.storage.sessions.findById(session.id)).resolves.toBeNull();
    });

    it('sessions.deleteByUser - deletes every session but exceptId, returns the deleted ids', async () => {
      const userId = newId();
      const mine = [0, 1, 2].map(() => sessionRecord(env.clock, { userId }));
      const other = sessionRecord(env.clock);
      for (const s of [...mine, other]) await env.storage.sessions.create(s);
      const deleted = await env.storage.sessions.deleteByUser(userId, mine[1]!.id);
      expect([...deleted].sort()).toEqual([mine[0]!.id, mine[2]!.id].sort());
      await expect(env.storage.sessions.findById(mine[0]!.id)).resolves.toBeNull();
      await expect(env.storage.sessions.findById(mine[1]!.id)).resolves.not.toBeNull();
      await expect(env.storage.sessions.findById(other.id)).resolves.not.toBeNull();
    });

    it('sessions.deleteByUser - without exceptId deletes all; [] when there are none', async () => {
      const userId = newId();
      const mine = [0, 1].map(() => sessionRecord(env.clock, { userId }));
      for (const s of mine) await env.storage.sessions.create(s);
      await expect(env.storage.sessions.deleteByUser(userId).then((ids) => [...ids].sort())).resolves.toEqual(mine.map((s) => s.id).sort());
      await expect(env.storage.sessions.listByUser(userId)).resolves.toEqual([]);
      await expect(env.storage.sessions.deleteByUser(userId)).resolves.toEqual([]);
    });

    it('sessions.listByUser - the user\'s sessions, newest first', async () => {
      const userId = newId();
      const base = env.clock.now();
      const mine = [0, 1, 2].map((i) => sessionRecord(env.clock, { userId, createdAt: new Date(base + i * TIME.MINUTE) }));
      await env.storage.sessions.create(sessionRecord(env.clock));
      for (const s of mine) await env.storage.sessions.create(s);
      await expect(env.storage.sessions.listByUser(userId)).resolves.toEqual([mine[2], mine[1], mine[0]]);
    });

    env.itWithClock('sessions.listByUser - leaves out expired sessions', async () => {
      const userId = newId();
      const now = env.clock.now();
      const short = sessionRecord(env.clock, { userId, expiresAt: new Date(now + TIME.MINUTE) });
      const long = sessionRecord(env.clock, { userId });
      await env.storage.sessions.create(short);
      await env.storage.sessions.create(long);
      env.clock.advance(2 * TIME.MINUTE);
      await expect(env.storage.sessions.listByUser(userId).then((l) => l.map((s) => s.id))).resolves.toEqual([long.id]);
    });
  });
}
