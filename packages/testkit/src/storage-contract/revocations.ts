import { describe, expect, it } from 'vitest';
import { newId, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `revocations`: a positive list of live sessions plus a jti blacklist, both expiring. */
export function revocationsContract(env: ContractEnv): void {
  const inAnHour = () => new Date(env.clock.now() + TIME.HOUR);
  const check = (sid: string, jti = newId()) => env.storage.revocations.isRevoked({ jti, sid });

  describe('revocations', () => {
    it('revocations.isRevoked - true for a session that was never allowed (positive list)', async () => {
      await expect(check(newId())).resolves.toBe(true);
    });

    it('revocations.allowSession - a live session with an unrevoked jti is not revoked', async () => {
      const sid = newId();
      await env.storage.revocations.allowSession(sid, inAnHour());
      await expect(check(sid)).resolves.toBe(false);
    });

    it('revocations.revokeSession - revokes the session; idempotent', async () => {
      const sid = newId();
      const other = newId();
      await env.storage.revocations.allowSession(sid, inAnHour());
      await env.storage.revocations.allowSession(other, inAnHour());
      await env.storage.revocations.revokeSession(sid);
      await expect(env.storage.revocations.revokeSession(sid)).resolves.toBeUndefined();
      await expect(env.storage.revocations.revokeSession(newId())).resolves.toBeUndefined();
      await expect(check(sid)).resolves.toBe(true);
      await expect(check(other)).resolves.toBe(false);
    });

    it('revocations.revokeToken - blacklists that jti only, even while its session is live; idempotent', async () => {
      const sid = newId();
      const jti = newId();
      await env.storage.revocations.allowSession(sid, inAnHour());
      await env.storage.revocations.revokeToken(jti, inAnHour());
      await env.storage.revocations.revokeToken(jti, inAnHour());
      await expect(check(sid, jti)).resolves.toBe(true);
      await expect(check(sid)).resolves.toBe(false);
    });

    env.itWithClock('revocations.allowSession - the live mark expires; allowing again extends it', async () => {
      const sid = newId();
      const kept = newId();
      await env.storage.revocations.allowSession(sid, new Date(env.clock.now() + TIME.MINUTE));
      await env.storage.revocations.allowSession(kept, new Date(env.clock.now() + TIME.MINUTE));
      env.clock.advance(30_000);
      await env.storage.revocations.allowSession(kept, inAnHour());
      env.clock.advance(TIME.MINUTE);
      await expect(check(sid)).resolves.toBe(true);
      await expect(check(kept)).resolves.toBe(false);
    });

    env.itWithClock('revocations.revokeToken - the blacklisting ends at the given expiry', async () => {
      const sid = newId();
      const jti = newId();
      await env.storage.revocations.allowSession(sid, new Date(env.clock.now() + TIME.DAY));
      await env.storage.revocations.revokeToken(jti, new Date(env.clock.now() + 15 * TIME.MINUTE));
      env.clock.advance(14 * TIME.MINUTE);
      await expect(check(sid, jti)).resolves.toBe(true);
      env.clock.advance(2 * TIME.MINUTE);
      await expect(check(sid, jti)).resolves.toBe(false);
    });
  });
}
