import { expect, it } from 'vitest';
import { assetRecord, hashOf, newId, otpAttempt, otpIssue, sessionRecord, userRecord } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `ping`, `dispose`, and a backend that cannot be reached (every call → `DependencyError`). */
export function lifecycleContract(env: ContractEnv): void {
  it('storage.ping - resolves while the backend is up', async () => {
    await expect(Promise.resolve(env.storage.ping?.())).resolves.toBeUndefined();
  });

  it('storage.dispose - resolves, and is safe to call twice', async () => {
    const storage = await env.fresh();
    await storage.users.findById(newId());
    await expect(Promise.resolve(storage.dispose?.())).resolves.toBeUndefined();
    await expect(Promise.resolve(storage.dispose?.())).resolves.toBeUndefined();
  });

  env.itWith('makeUnreachable', 'an unreachable backend: ping and every repository call reject with DependencyError', async () => {
    const storage = await env.options.makeUnreachable!();
    try {
      const now = env.at(0);
      const user = userRecord(env.t0);
      const session = sessionRecord(env.t0);
      const issue = otpIssue(env.t0);
      const page = { page: 1, limit: 10 };
      const calls: Record<string, () => Promise<unknown>> = {
        'ping': async () => storage.ping?.() ?? Promise.reject(new Error('ping is missing')),
        'users.create': () => storage.users.create(user),
        'users.findById': () => storage.users.findById(user.id),
        'users.findByEmail': () => storage.users.findByEmail(user.email),
        'users.findByUsername': () => storage.users.findByUsername('someone'),
        'users.findByIds': () => storage.users.findByIds([user.id]),
        'users.update': () => storage.users.update(user.id, { name: 'x' }),
        'users.replaceMedia': () => storage.users.replaceMedia(user.id, 'avatar', null, now),
        'users.bumpCredentialVersion': () => storage.users.bumpCredentialVersion(user.id),
        'users.delete': () => storage.users.delete(user.id),
        'users.list': () => storage.users.list(page),
        'sessions.create': () => storage.sessions.create(session),
        'sessions.findById': () => storage.sessions.findById(session.id, now),
        'sessions.rotate': () => storage.sessions.rotate(session.id, session.refreshHash, { refreshHash: hashOf('n'), previousHash: session.refreshHash, rotatedAt: now, lastPair: 'x', expiresAt: session.expiresAt }),
        'sessions.delete': () => storage.sessions.delete(session.id),
        'sessions.deleteByUser': () => storage.sessions.deleteByUser(session.userId),
        'sessions.listByUser': () => storage.sessions.listByUser(session.userId, now),
        'revocations.allowSession': () => storage.revocations.allowSession(session.id, session.expiresAt, env.at(0)),
        'revocations.revokeSession': () => storage.revocations.revokeSession(session.id),
        'revocations.revokeToken': () => storage.revocations.revokeToken(newId(), session.expiresAt, env.at(0)),
        'revocations.isRevoked': () => storage.revocations.isRevoked({ jti: newId(), sid: session.id }, now),
        'otps.issue': () => storage.otps.issue(issue),
        'otps.attempt': () => storage.otps.attempt(otpAttempt(issue)),
        'otps.delete': () => storage.otps.delete(issue.purpose, issue.subject),
        'assets.create': () => storage.assets.create(assetRecord(env.t0)),
        'assets.findById': () => storage.assets.findById(newId()),
        'assets.list': () => storage.assets.list(page),
        'assets.count': () => storage.assets.count({ ownerId: newId() }),
        'assets.delete': () => storage.assets.delete(newId()),
        'assets.deleteMany': () => storage.assets.deleteMany([newId()]),
        'assets.deleteByOwner': () => storage.assets.deleteByOwner(newId()),
        'subscriptions.subscribe': () => storage.subscriptions.subscribe(newId(), newId(), now),
        'subscriptions.unsubscribe': () => storage.subscriptions.unsubscribe(newId(), newId()),
        'subscriptions.isSubscribed': () => storage.subscriptions.isSubscribed(newId(), newId()),
        'subscriptions.channelStats': () => storage.subscriptions.channelStats(newId(), null),
        'subscriptions.listSubscribers': () => storage.subscriptions.listSubscribers(newId(), page),
        'subscriptions.listSubscriptions': () => storage.subscriptions.listSubscriptions(newId(), page),
        'subscriptions.deleteByUser': () => storage.subscriptions.deleteByUser(newId()),
      };
      const outcomes: Record<string, unknown> = {};
      for (const [name, call] of Object.entries(calls)) {
        outcomes[name] = await call().then(
          () => 'resolved',
          (error: unknown) => (isDependencyError(error) ? 'DependencyError' : `${(error as Error)?.name}: ${(error as Error)?.message}`),
        );
      }
      // One assertion over every call, so a failure lists all the methods that leak.
      expect(outcomes).toEqual(Object.fromEntries(Object.keys(calls).map((name) => [name, 'DependencyError'])));
    } finally {
      await storage.dispose?.();
    }
  });
}

// --- internal ---

function isDependencyError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; status?: unknown; cause?: unknown } | null;
  // The driver's error stays reachable as `cause`, for logs.
  return e?.name === 'DependencyError' && e.code === 'DEPENDENCY_UNAVAILABLE' && e.status === 503 && e.cause !== undefined;
}
