import { composeStorage, memoryStorage, type Storage } from '@vaultkit/core';
import { storageContract } from '@vaultkit/testkit';
import { describe, expect, it, vi } from 'vitest';

// Repositories from two different adapters, composed: the contract holds for the whole. No
// makeSecond / makeUnreachable here: those tests show as skipped, with the reason.
storageContract('composed memory', () => {
  const accounts = memoryStorage();
  const hot = memoryStorage();
  const { sessions, revocations, otps, dispose } = hot;
  // Every repository of `accounts`, then the hot-state ones of `hot` win.
  return composeStorage(accounts, { sessions, revocations, otps, dispose });
});

/** A memory storage whose lifecycle hooks are spies. */
function spiedAdapter(): Storage & { ping: ReturnType<typeof vi.fn>; dispose: ReturnType<typeof vi.fn> } {
  return { ...memoryStorage(), ping: vi.fn(async () => {}), dispose: vi.fn(async () => {}) };
}

describe('composeStorage', () => {
  it('composeStorage - throws a TypeError naming the repository no part provides', () => {
    const { otps: _omitted, ...rest } = memoryStorage();
    expect(() => composeStorage(rest)).toThrow(TypeError);
    expect(() => composeStorage(rest, { users: memoryStorage().users })).toThrow(/"otps"/);
  });

  it('composeStorage.ping - pings every part once, even a part given twice', async () => {
    const db = spiedAdapter();
    const hot = spiedAdapter();
    const storage = composeStorage(db, hot, db);
    await storage.ping?.();
    expect(db.ping).toHaveBeenCalledTimes(1);
    expect(hot.ping).toHaveBeenCalledTimes(1);
  });

  it('composeStorage.ping - rejects when one adapter is down', async () => {
    const db = spiedAdapter();
    const hot = spiedAdapter();
    hot.ping.mockRejectedValueOnce(Object.assign(new Error('down'), { code: 'DEPENDENCY_UNAVAILABLE' }));
    const storage = composeStorage(db, hot);
    await expect(storage.ping?.()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('composeStorage.dispose - disposes every adapter even when one fails, then rethrows', async () => {
    const db = spiedAdapter();
    const hot = spiedAdapter();
    db.dispose.mockRejectedValueOnce(new Error('close failed'));
    const storage = composeStorage(db, hot);
    await expect(storage.dispose?.()).rejects.toThrow('close failed');
    expect(db.dispose).toHaveBeenCalledTimes(1);
    expect(hot.dispose).toHaveBeenCalledTimes(1);
  });

  it('composeStorage - later parts win per repository', async () => {
    const db = memoryStorage();
    const hot = memoryStorage();
    const storage = composeStorage(db, { sessions: hot.sessions });
    expect(storage.sessions).toBe(hot.sessions);
    expect(storage.users).toBe(db.users);
    await expect(storage.ping?.()).resolves.toBeUndefined();
  });
});
