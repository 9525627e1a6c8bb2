import { describe, expect } from 'vitest';
import { hashOf, newId, otpAttempt, otpIssue, sessionRecord, TIME, userRecord, WRONG_CODE } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/**
 * Two storages on one backend, as two server processes behind a load balancer have: the atomic
 * guarantees hold across connections, not only inside one client's queue.
 */
export function crossInstanceContract(env: ContractEnv): void {
  describe('two instances on one backend', () => {
    env.itWith('makeSecond', 'sessions.rotate - 50 concurrent rotations split across two instances: exactly one wins', async () => {
      const second = await env.second();
      const session = sessionRecord(env.t0);
      await env.storage.sessions.create(session);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const next = { refreshHash: hashOf(`next:${i}`), previousHash: session.refreshHash, rotatedAt: env.at(TIME.MINUTE), lastPair: `sealed:${i}`, expiresAt: env.at(2 * TIME.HOUR) };
          return (i % 2 === 0 ? env.storage : second).sessions.rotate(session.id, session.refreshHash, next);
        }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      await expect(second.sessions.findById(session.id, env.at(TIME.MINUTE))).resolves.toMatchObject({ refreshHash: hashOf(`next:${winner}`) });
    });

    env.itWith('makeSecond', 'users.create - the same email through the other instance: ConflictError(email)', async () => {
      const second = await env.second();
      const user = userRecord(env.t0);
      await env.storage.users.create(user);
      const clash = userRecord(env.t0, { email: user.email.toUpperCase() });
      await expect(second.users.create(clash)).rejects.toMatchObject({ code: 'CONFLICT', field: 'email' });
      await expect(second.users.findByEmail(user.email)).resolves.toMatchObject({ id: user.id });
    });

    env.itWith('makeSecond', 'users.create - 10 concurrent creations of one email across instances: exactly one succeeds', async () => {
      const second = await env.second();
      const email = `race.${newId()}@example.test`;
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? env.storage : second).users.create(userRecord(env.t0, { email }))),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT', field: 'email' });
    });

    env.itWith('makeSecond', 'otps.attempt - 20 concurrent wrong attempts across instances: exactly 5 invalid, 15 locked', async () => {
      const second = await env.second();
      const issue = otpIssue(env.t0);
      await env.storage.otps.issue(issue);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? env.storage : second).otps.attempt(otpAttempt(issue, WRONG_CODE))),
      );
      expect(results.filter((r) => r.status === 'invalid')).toHaveLength(5);
      expect(results.filter((r) => r.status === 'locked')).toHaveLength(15);
    });

    env.itWith('makeSecond', 'revocations - a session revoked on one instance is revoked on the other at once', async () => {
      const second = await env.second();
      const sid = newId();
      await env.storage.revocations.allowSession(sid, env.at(TIME.HOUR), env.at(0));
      await expect(second.revocations.isRevoked({ jti: newId(), sid }, env.at(0))).resolves.toBe(false);
      await second.revocations.revokeSession(sid);
      await expect(env.storage.revocations.isRevoked({ jti: newId(), sid }, env.at(0))).resolves.toBe(true);
    });
  });
}
