/**
 * A login racing a password change, reset, ban or logout-all must not keep its session: the
 * races are driven deterministically by pausing the login inside one storage call while the
 * other operation runs to its end (no sleeps).
 *
 * @see issue 9 (1. a login racing a password change, reset or ban keeps its session)
 */
import { describe, expect, it } from 'vitest';
import { memoryStorage, type Storage } from '../../src/index.js';
import { makeVault, signUp, type TestVault } from '../helpers/vault.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

/** One pause, armed for the next call of a storage method: resolves `reached`, waits for `release()`. */
interface Pause {
  reached: Promise<void>;
  release(): void;
}

type PausePoint = 'users.findByEmail' | 'sessions.create' | 'revocations.allowSession';

/** Memory storage whose `point` method, once armed, pauses after it has done its work. */
function pausableStorage() {
  const storage = memoryStorage();
  let armed: { point: PausePoint; onReached: () => void; gate: Promise<void> } | null = null;
  const wrap = <R extends keyof Storage, M extends string>(repo: R, method: M) => {
    const target = storage[repo] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method]!.bind(target);
    target[method] = async (...args: unknown[]) => {
      const result = await original(...args);
      const pause = armed;
      if (pause && pause.point === `${repo}.${method}`) {
        armed = null;
        pause.onReached();
        await pause.gate;
      }
      return result;
    };
  };
  wrap('users', 'findByEmail');
  wrap('sessions', 'create');
  wrap('revocations', 'allowSession');
  const arm = (point: PausePoint): Pause => {
    let onReached!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (onReached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    armed = { point, onReached, gate };
    return { reached, release };
  };
  return { storage, arm };
}

/** What revokes every session, each run to its end while the login is paused. */
const changes: Record<string, (t: TestVault, owner: Awaited<ReturnType<typeof signUp>>) => Promise<unknown>> = {
  'change-password': (t, owner) => t.vault.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { caller: owner.caller }),
  'reset-password': async (t, owner) => {
    await t.vault.auth.forgotPassword({ email: owner.email });
    const { resetToken } = await t.vault.auth.verifyResetCode({ email: owner.email, code: t.lastCode(owner.email) });
    return t.vault.auth.resetPassword({ resetToken, newPassword: NEW_PASSWORD });
  },
  ban: (t, owner) => t.vault.admin.updateUser({ id: owner.user.id, banned: true }),
  'logout-all': (t, owner) => t.vault.auth.logoutAll({ caller: owner.caller }),
};

const points: PausePoint[] = ['users.findByEmail', 'sessions.create', 'revocations.allowSession'];

describe('login racing a revocation of every session', () => {
  for (const [name, change] of Object.entries(changes)) {
    for (const point of points) {
      it(`${name} while a login with the old password is paused after ${point}: the login gets no session`, async () => {
        const { storage, arm } = pausableStorage();
        const t = makeVault({ storage });
        const owner = await signUp(t, 'ada@example.com', PASSWORD);
        // The reset flow mails a code too: let its cooldown pass.
        t.advance(61_000);
        const sessionsBefore = new Set((await t.vault.storage.sessions.listByUser(owner.user.id, new Date(t.clock.now()))).map((s) => s.id));

        const pause = arm(point);
        const racing = t.vault.auth.login({ identifier: owner.email, password: PASSWORD });
        const outcome = racing.then(
          (result) => ({ ok: true as const, result }),
          (error: { code?: string }) => ({ ok: false as const, code: error.code }),
        );
        await pause.reached;
        await change(t, owner);
        pause.release();
        const result = await outcome;

        expect(result).toMatchObject({ ok: false });
        expect(['INVALID_CREDENTIALS', 'ACCOUNT_BANNED']).toContain(result.ok ? null : result.code);
        // Nothing the racing login created survives: only sessions the change itself issued.
        const left = (await t.vault.storage.sessions.listByUser(owner.user.id, new Date(t.clock.now()))).filter((s) => !sessionsBefore.has(s.id));
        expect(left.length).toBeLessThanOrEqual(name === 'change-password' ? 1 : 0);
        // And the owner's old token is refused, as before.
        await expect(t.vault.tokens.verifyAccess(owner.tokens.accessToken)).resolves.toMatchObject({ ok: false });
      });
    }
  }

  it('a session created under older credentials is refused at refresh', async () => {
    const t = makeVault();
    const owner = await signUp(t);
    // As if a revocation's version bump landed without its deletion reaching this session.
    await t.vault.storage.users.bumpCredentialVersion(owner.user.id);
    await expect(t.vault.auth.refresh({ refreshToken: owner.tokens.refreshToken })).rejects.toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
    await expect(t.vault.tokens.verifyAccess(owner.tokens.accessToken)).resolves.toMatchObject({ ok: false });
  });

  it('a login challenge answered after a password change is refused', async () => {
    const t = makeVault({ auth: { twoFactor: 'required' } });
    const owner = await signUp(t);
    t.advance(61_000);
    const started = await t.vault.auth.login({ identifier: owner.email, password: PASSWORD });
    if (!('challengeId' in started)) throw new Error('expected a challenge');
    const code = t.lastCode(owner.email);
    await t.vault.auth.logoutAll({ caller: owner.caller });
    await expect(t.vault.auth.verifyLogin({ challengeId: started.challengeId, code })).rejects.toMatchObject({ code: 'INVALID_CHALLENGE' });
  });
});
