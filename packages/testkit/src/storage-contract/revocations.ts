import { describe, expect, it } from 'vitest';
import { newId, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `revocations`: a positive list of live sessions plus a jti blacklist, both judged at `now`. */
export function revocationsContract(env: ContractEnv): void {
  const revocations = () => env.storage.revocations;
  const check = (sid: string, jti = newId(), after = 0) => revocations().isRevoked({ jti, sid }, env.at(after));

  describe('revocations', () => {
    it('revocations.isRevoked - true for a session that was never allowed (positive list)', async () => {
      await expect(check(newId())).resolves.toBe(true);
    });

    it('revocations.allowSession - a live session with an unrevoked jti is not revoked', async () => {
      const sid = newId();
      await revocations().allowSession(sid, env.at(TIME.HOUR), env.at(0));
      await expect(check(sid)).resolves.toBe(false);
    });

    it('revocations.revokeSession - revokes the session; idempotent', async () => {
      const sid = newId();
      const other = newId();
      await revocations().allowSession(sid, env.at(TIME.HOUR), env.at(0));
      await revocations().allowSession(other, env.at(TIME.HOUR), env.at(0));
      await revocations().revokeSession(sid);
      await expect(revocations().revokeSession(sid)).resolves.toBeUndefined();
      await expect(revocations().revokeSession(newId())).resolves.toBeUndefined();
      await expect(check(sid)).resolves.toBe(true);
      await expect(check(other)).resolves.toBe(false);
    });

    it('revocations.revokeToken - blacklists that jti only, even while its session is live; idempotent', async () => {
      const sid = newId();
      const jti = newId();
      await revocations().allowSession(sid, env.at(TIME.HOUR), env.at(0));
      await revocations().revokeToken(jti, env.at(TIME.HOUR), env.at(0));
      await revocations().revokeToken(jti, env.at(TIME.HOUR), env.at(0));
      await expect(check(sid, jti)).resolves.toBe(true);
      await expect(check(sid)).resolves.toBe(false);
    });

    it('revocations.allowSession - the live mark ends at its expiry (revoked at that instant); allowing again extends it', async () => {
      const sid = newId();
      const kept = newId();
      await revocations().allowSession(sid, env.at(TIME.MINUTE), env.at(0));
      await revocations().allowSession(kept, env.at(TIME.MINUTE), env.at(0));
      await revocations().allowSession(kept, env.at(TIME.HOUR), env.at(0));
      await expect(check(sid, newId(), TIME.MINUTE - 1)).resolves.toBe(false);
      await expect(check(sid, newId(), TIME.MINUTE)).resolves.toBe(true);
      await expect(check(kept, newId(), 2 * TIME.MINUTE)).resolves.toBe(false);
      await expect(check(kept, newId(), TIME.HOUR)).resolves.toBe(true);
    });

    it('revocations.revokeToken - the blacklisting ends at the given expiry', async () => {
      const sid = newId();
      const jti = newId();
      await revocations().allowSession(sid, env.at(TIME.DAY), env.at(0));
      await revocations().revokeToken(jti, env.at(15 * TIME.MINUTE), env.at(0));
      await expect(check(sid, jti, 15 * TIME.MINUTE - 1)).resolves.toBe(true);
      await expect(check(sid, jti, 15 * TIME.MINUTE)).resolves.toBe(false);
    });

    it('revocations.isRevoked - checks made at once (an adapter may batch them) are each judged on their own keys and `now`', async () => {
      const live = newId();
      const ending = newId();
      const jti = newId();
      await revocations().allowSession(live, env.at(TIME.HOUR), env.at(0));
      await revocations().allowSession(ending, env.at(TIME.MINUTE), env.at(0));
      await revocations().revokeToken(jti, env.at(TIME.HOUR), env.at(0));
      const cases: Array<[sid: string, jti: string, after: number, revoked: boolean]> = [
        [live, newId(), 0, false],
        [live, jti, 0, true],
        [ending, newId(), TIME.MINUTE - 1, false],
        [ending, newId(), TIME.MINUTE, true],
        [newId(), newId(), 0, true],
        [live, jti, TIME.HOUR - 1, true],
        [live, newId(), TIME.HOUR, true],
      ];
      const answers = await Promise.all([...cases, ...cases].map(([sid, id, after]) => check(sid, id, after)));
      expect(answers).toEqual([...cases, ...cases].map(([, , , revoked]) => revoked));
    });
  });
}
