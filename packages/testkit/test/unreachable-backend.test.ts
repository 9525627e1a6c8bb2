import { DependencyError, memoryStorage, type Storage } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';

/**
 * The contract's unreachable-backend test needs a storage that cannot reach its backend. Memory
 * never is, so this stand-in plays an adapter whose connection is refused: every call rejects
 * the way a well-behaved adapter translates the driver error (`DependencyError` with `cause`).
 */
function refusedStorage(): Storage {
  const refused = (): Promise<never> => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    return Promise.reject(new DependencyError('storage', { cause }));
  };
  const shape = memoryStorage();
  const repositories = Object.fromEntries(
    (['users', 'sessions', 'revocations', 'otps', 'assets', 'subscriptions'] as const).map((name) => [
      name,
      Object.fromEntries(Object.keys(shape[name]).map((method) => [method, refused])),
    ]),
  ) as unknown as Omit<Storage, 'ping' | 'dispose'>;
  return { ...repositories, ping: refused, dispose: async () => {} };
}

storageContract('memory, with a refused stand-in for makeUnreachable', () => memoryStorage(), { makeUnreachable: refusedStorage });
