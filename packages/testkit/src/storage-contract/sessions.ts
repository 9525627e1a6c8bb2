import type { SessionRotation } from '@vaultkit/core';
import { describe, expect, it } from 'vitest';
import { byCodeUnitsDesc, hashOf, newId, sessionRecord, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `sessions`: liveness at the given `now`, compare-and-set rotation (one winner), per-user deletes. */
export function sessionsContract(env: ContractEnv): void {
  const sessions = () => env.storage.sessions;
  /** A rotation at `t0 + after` ms, extending the sliding expiry to two hours from then. */
  const rotation = (from: string, label = newId(), after: number = TIME.MINUTE): SessionRotation => ({
    refreshHash: hashOf(`next:${label}`),
    previousHash: from,
    rotatedAt: env.at(after),
    lastPair: `sealed:${label}`,
    expiresAt: env.at(after + 2 * TIME.HOUR),
  });

  describe('sessions', () => {
    it('sessions.create - findById returns the record as given (with its credentialVersion)', async () => {
      const session = sessionRecord(env.t0, { credentialVersion: 7 });
      await sessions().create(session);
      await expect(sessions().findById(session.id, env.at(0))).resolves.toEqual(session);
      await expect(sessions().findById(newId(), env.at(0))).resolves.toBeNull();
    });

    it('sessions.findById - live until expiresAt: found a millisecond before, null at it and after', async () => {
      const session = sessionRecord(env.t0);
      await sessions().create(session);
      const end = session.expiresAt.getTime() - env.t0;
      await expect(sessions().findById(session.id, env.at(end - 1))).resolves.not.toBeNull();
      await expect(sessions().findById(session.id, env.at(end))).resolves.toBeNull();
      await expect(sessions().findById(session.id, env.at(end + TIME.MINUTE))).resolves.toBeNull();
    });

    it('sessions.findById - null once absoluteExpiresAt is reached, even if expiresAt is later', async () => {
      const session = sessionRecord(env.t0, { expiresAt: env.at(TIME.DAY), absoluteExpiresAt: env.at(TIME.HOUR) });
      await sessions().create(session);
      await expect(sessions().findById(session.id, env.at(TIME.HOUR - 1))).resolves.not.toBeNull();
      await expect(sessions().findById(session.id, env.at(TIME.HOUR))).resolves.toBeNull();
    });

    it('sessions.rotate - applies the rotation when the hash matches; absoluteExpiresAt never moves', async () => {
      const session = sessionRecord(env.t0);
      await sessions().create(session);
      const next = rotation(session.refreshHash);
      await expect(sessions().rotate(session.id, session.refreshHash, next)).resolves.toBe(true);
      const found = await sessions().findById(session.id, env.at(TIME.MINUTE));
      expect(found).toEqual({ ...session, ...next });
      // The new sliding expiry holds: live after the old expiresAt.
      await expect(sessions().findById(session.id, env.at(TIME.HOUR + TIME.MINUTE))).resolves.not.toBeNull();
    });

    it('sessions.rotate - false for a session not live at rotatedAt (expired or past its cap), nothing changes', async () => {
      const session = sessionRecord(env.t0, { absoluteExpiresAt: env.at(3 * TIME.HOUR) });
      await sessions().create(session);
      const late = rotation(session.refreshHash, 'late', TIME.HOUR);
      await expect(sessions().rotate(session.id, session.refreshHash, late)).resolves.toBe(false);
      await expect(sessions().findById(session.id, env.at(0))).resolves.toEqual(session);
      const capped = sessionRecord(env.t0, { expiresAt: env.at(TIME.DAY), absoluteExpiresAt: env.at(TIME.MINUTE) });
      await sessions().create(capped);
      await expect(sessions().rotate(capped.id, capped.refreshHash, rotation(capped.refreshHash, 'capped', TIME.MINUTE))).resolves.toBe(false);
    });

    it('sessions.rotate - a sequential guard miss returns false and changes nothing', async () => {
      const session = sessionRecord(env.t0);
      await sessions().create(session);
      const first = rotation(session.refreshHash, 'first');
      await expect(sessions().rotate(session.id, session.refreshHash, first)).resolves.toBe(true);
      const stale = rotation(session.refreshHash, 'stale');
      await expect(sessions().rotate(session.id, session.refreshHash, stale)).resolves.toBe(false);
      await expect(sessions().findById(session.id, env.at(TIME.MINUTE))).resolves.toEqual({ ...session, ...first });
    });

    it('sessions.rotate - false for an unknown session', async () => {
      await expect(sessions().rotate(newId(), hashOf('x'), rotation(hashOf('x')))).resolves.toBe(false);
    });

    it('sessions.rotate - 50 concurrent calls with the same expected hash: exactly one wins', async () => {
      const session = sessionRecord(env.t0);
      await sessions().create(session);
      const candidates = Array.from({ length: 50 }, (_, i) => rotation(session.refreshHash, `racer-${i}`));
      const results = await Promise.all(candidates.map((next) => sessions().rotate(session.id, session.refreshHash, next)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = candidates[results.indexOf(true)]!;
      await expect(sessions().findById(session.id, env.at(TIME.MINUTE))).resolves.toEqual({ ...session, ...winner });
    });

    it('sessions.delete - true once, then false', async () => {
      const session = sessionRecord(env.t0);
      await sessions().create(session);
      await expect(sessions().delete(session.id)).resolves.toBe(true);
      await expect(sessions().delete(session.id)).resolves.toBe(false);
      await expect(sessions().findById(session.id, env.at(0))).resolves.toBeNull();
    });

    it('sessions.deleteByUser - deletes every session but exceptId, returns the deleted ids', async () => {
      const userId = newId();
      const mine = [0, 1, 2].map(() => sessionRecord(env.t0, { userId }));
      const other = sessionRecord(env.t0);
      for (const s of [...mine, other]) await sessions().create(s);
      const deleted = await sessions().deleteByUser(userId, mine[1]!.id);
      expect([...deleted].sort()).toEqual([mine[0]!.id, mine[2]!.id].sort());
      await expect(sessions().findById(mine[0]!.id, env.at(0))).resolves.toBeNull();
      await expect(sessions().findById(mine[1]!.id, env.at(0))).resolves.not.toBeNull();
      await expect(sessions().findById(other.id, env.at(0))).resolves.not.toBeNull();
    });

    it('sessions.deleteByUser - without exceptId deletes all; [] when there are none', async () => {
      const userId = newId();
      const mine = [0, 1].map(() => sessionRecord(env.t0, { userId }));
      for (const s of mine) await sessions().create(s);
      await expect(sessions().deleteByUser(userId).then((ids) => [...ids].sort())).resolves.toEqual(mine.map((s) => s.id).sort());
      await expect(sessions().listByUser(userId, env.at(0))).resolves.toEqual([]);
      await expect(sessions().deleteByUser(userId)).resolves.toEqual([]);
    });

    it("sessions.listByUser - the user's live sessions, newest first", async () => {
      const userId = newId();
      const mine = [0, 1, 2].map((i) => sessionRecord(env.t0 + i * TIME.MINUTE, { userId }));
      await sessions().create(sessionRecord(env.t0));
      for (const s of mine) await sessions().create(s);
      await expect(sessions().listByUser(userId, env.at(3 * TIME.MINUTE))).resolves.toEqual([mine[2], mine[1], mine[0]]);
    });

    it('sessions.listByUser - equal createdAt: ties by id descending', async () => {
      const userId = newId();
      const mine = Array.from({ length: 4 }, () => sessionRecord(env.t0, { userId }));
      for (const s of mine) await sessions().create(s);
      const listed = await sessions().listByUser(userId, env.at(0));
      expect(listed.map((s) => s.id)).toEqual(mine.map((s) => s.id).sort(byCodeUnitsDesc));
    });

    it('sessions.listByUser - leaves out sessions not live at now (expired or capped)', async () => {
      const userId = newId();
      const short = sessionRecord(env.t0, { userId, expiresAt: env.at(TIME.MINUTE) });
      const capped = sessionRecord(env.t0, { userId, absoluteExpiresAt: env.at(TIME.MINUTE) });
      const long = sessionRecord(env.t0, { userId });
      for (const s of [short, capped, long]) await sessions().create(s);
      await expect(sessions().listByUser(userId, env.at(0)).then((l) => l.length)).resolves.toBe(3);
      await expect(sessions().listByUser(userId, env.at(2 * TIME.MINUTE)).then((l) => l.map((s) => s.id))).resolves.toEqual([long.id]);
    });
  });
}
