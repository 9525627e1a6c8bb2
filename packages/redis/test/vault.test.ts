import { composeStorage, createVault, DependencyError, memoryStorage, type Storage, type Vault } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisHotState } from '../src/index.js';
import { connect, dropPrefix, randomPrefix, unreachableClient } from './redis.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const password = 'correct horse battery staple';

/**
 * Two vault "instances" sharing one account store (memory, standing in for PostgreSQL) and one
 * Redis, wired as docs/redis.md shows: hot state and rate limits from one `redisHotState`.
 */
describe('createVault on redisHotState', () => {
  let clients: Redis[];
  let down: Redis;
  const prefix = randomPrefix();
  const accounts: Storage = memoryStorage();

  const vaultOn = (client: Redis): Vault => {
    const hot = redisHotState(client, { prefix });
    return createVault({
      tokens: { secret },
      storage: composeStorage(accounts, hot),
      rateLimits: { factory: hot.rateLimits.factory, accountLock: { maxFailures: 3, duration: '15m' } },
      auth: { requireEmailVerification: false, twoFactor: 'off', loginNotification: false },
      passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    });
  };

  const register = async (vault: Vault, email: string) => {
    const answer = await vault.auth.register({ email, password });
    if (!('accessToken' in answer) || !answer.accessToken) throw new Error('expected a session answer');
    return answer;
  };

  beforeAll(async () => {
    clients = await Promise.all([connect(), connect()]);
    down = await unreachableClient();
  });
  afterAll(async () => {
    await dropPrefix(clients[0]!, prefix);
    await Promise.all(clients.map((c) => c.quit()));
    down.disconnect();
  });

  it('a session started on A is live on B; revoked on B, its access token is refused on A at once', async () => {
    const [a, b] = clients.map(vaultOn) as [Vault, Vault];
    const session = await register(a, 'ada@example.test');
    const onB = await b.tokens.verifyAccess(session.accessToken!);
    if (!onB.ok) throw new Error(`expected B to accept the token, got ${onB.reason}`);
    await expect(a.tokens.verifyAccess(session.accessToken!)).resolves.toMatchObject({ ok: true });

    await b.tokens.revokeSession({ userId: onB.claims.sub, sessionId: onB.claims.sid, reason: 'logout', claims: onB.claims });
    await expect(a.tokens.verifyAccess(session.accessToken!)).resolves.toEqual({ ok: false, reason: 'revoked' });
    await expect(a.auth.refresh({ refreshToken: session.refreshToken! })).rejects.toMatchObject({ status: 401 });
  });

  it('the account lock is shared: failures on A and on B add up', async () => {
    const [a, b] = clients.map(vaultOn) as [Vault, Vault];
    await register(a, 'bob@example.test');
    const wrong = (vault: Vault) => vault.auth.login({ identifier: 'bob@example.test', password: 'not the password at all' });
    await expect(wrong(a)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(wrong(b)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(wrong(a)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(b.auth.login({ identifier: 'bob@example.test', password })).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', status: 429 });
  });

  it('Redis down: a valid access token is refused with 503 (fails closed), never accepted', async () => {
    const session = await register(vaultOn(clients[0]!), 'cleo@example.test');
    const cut = createVault({ tokens: { secret }, storage: composeStorage(accounts, redisHotState(down, { prefix })) });
    await expect(cut.tokens.verifyAccess(session.accessToken!)).rejects.toBeInstanceOf(DependencyError);
    const request = { method: 'GET', params: {}, query: {}, headers: { authorization: `Bearer ${session.accessToken}` }, body: null, remoteAddress: '127.0.0.1', encrypted: false };
    await expect(cut.http.authenticate(request)).resolves.toMatchObject({ ok: false, response: { status: 503, body: { code: 'DEPENDENCY_UNAVAILABLE' } } });
  });
});
