import { describe, expect, it } from 'vitest';
import { DependencyError, memoryStorage, type Mailer, type Storage } from '../../src/index.js';
import { call, makeVault, signUp } from '../helpers/vault.js';

/** Memory storage whose every repository call fails while `down` is set, as a dead database would. */
function switchableStorage(): { storage: Storage; setDown(down: boolean): void } {
  const inner = memoryStorage();
  let down = false;
  const wrap = <T extends object>(repo: T): T =>
    new Proxy(repo, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (down) return Promise.reject(new DependencyError('storage', { cause: new Error('connection refused 10.0.0.5:5432') }));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const storage: Storage = {
    users: wrap(inner.users),
    sessions: wrap(inner.sessions),
    revocations: wrap(inner.revocations),
    otps: wrap(inner.otps),
    assets: wrap(inner.assets),
    subscriptions: wrap(inner.subscriptions),
    ping: async () => {
      if (down) throw new DependencyError('storage');
    },
  };
  return { storage, setDown: (value) => (down = value) };
}

describe('dependencies down', () => {
  it('a storage outage answers 503 without internals, and the same vault recovers when it is back', async () => {
    const { storage, setDown } = switchableStorage();
    const t = makeVault({ storage });
    const { tokens } = await signUp(t);
    setDown(true);
    const login = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(login.status).toBe(503);
    expect(login.json).toEqual({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE', message: expect.any(String) });
    expect(JSON.stringify(login.json)).not.toContain('10.0.0.5');
    const me = await call(t, 'GET /users/me', { token: tokens.accessToken });
    expect(me.status).toBe(503);
    await expect(t.vault.ready()).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    setDown(false);
    await expect(t.vault.ready()).resolves.toBeUndefined();
    expect((await call(t, 'GET /users/me', { token: tokens.accessToken })).status).toBe(200);
    expect((await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } })).status).toBe(200);
  });

  it('an adapter bug (a raw error) is a bare 500 that says nothing about it', async () => {
    const broken = memoryStorage();
    broken.users.findByEmail = async () => {
      throw new Error('TypeError in driver: secret=hunter2');
    };
    const t = makeVault({ storage: broken });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ status: 'error', code: 'INTERNAL_ERROR', message: 'Something went wrong' });
    } finally {
      console.error = original;
    }
    expect(errors.length).toBe(1);
  });

  it('a mailer outage fails the login code visibly (503) — the password was right — and works again after', async () => {
    let down = true;
    const sent: string[] = [];
    const mailer: Mailer = {
      send: async (m) => {
        if (down) throw new Error('SMTP 421');
        sent.push(m.to);
      },
    };
    const t = makeVault({ mailer, auth: { twoFactor: 'required' } });
    await t.vault.admin.ensureAdmin({ email: 'ada@example.com', password: 'correct horse battery' });
    const res = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(res.status).toBe(503);
    down = false;
    t.advance(61_000);
    const again = await call(t, 'POST /auth/login', { body: { identifier: 'ada@example.com', password: 'correct horse battery' } });
    expect(again.status).toBe(202);
    expect(sent).toEqual(['ada@example.com']);
  });
});
