/**
 * Public shapes only (DESIGN §2): nothing handed to app code — results of every vault function,
 * errors, events, logs, `vault.config` — carries a password hash, a code or token hash, the
 * signing secret, a private key or a pepper. The walk calls every operation; a new operation
 * that this test does not call fails it.
 *
 * @see issue 10 (2. public shapes only)
 */
import { describe, expect, it } from 'vitest';
import { createVault, manualClock, memoryStorage, outboxMailer, vaultOperations, type Caller, type Storage, type VaultEventName } from '../src/index.js';
import { GIF } from './media/helpers.js';

const SECRET = 'SIGNING-SECRET-CANARY-0123456789abcdef';
const PEPPER = 'PEPPER-SECRET-CANARY-0123456789abcdefgh';
const PASSWORD = 'correct horse battery';

/** Every event, listed so that a new one has to be added here (the type checks completeness). */
const EVENTS = {
  'user.registered': true, 'user.verified': true, 'user.updated': true, 'user.deleted': true, 'user.role_changed': true,
  'user.banned': true, 'auth.login': true, 'auth.challenge': true, 'auth.failed': true, 'auth.logout': true,
  'password.changed': true, 'password.reset_requested': true, 'otp.sent': true, 'two_factor.changed': true,
  'token.refreshed': true, 'token.reuse_detected': true, 'session.revoked': true, 'mail.failed': true, 'rate_limit.exceeded': true,
  'asset.uploaded': true, 'asset.deleted': true, 'channel.subscribed': true, 'channel.unsubscribed': true,
} satisfies Record<VaultEventName, true>;

/** Memory storage that remembers every hash and sealed value written through it. */
function recordingStorage(stored: Set<string>): Storage {
  const storage = memoryStorage();
  const keep = (...values: (string | null | undefined)[]) => values.forEach((v) => v && stored.add(v));
  const { users, sessions, otps } = storage;
  return {
    ...storage,
    users: { ...users, create: (u) => (keep(u.passwordHash), users.create(u)), update: (id, p) => (keep(p.passwordHash), users.update(id, p)) },
    sessions: {
      ...sessions,
      create: (s) => (keep(s.refreshHash), sessions.create(s)),
      rotate: (id, expected, next) => (keep(next.refreshHash, next.previousHash, next.lastPair), sessions.rotate(id, expected, next)),
    },
    otps: { ...otps, issue: (o) => (keep(o.codeHash), otps.issue(o)) },
  };
}

describe('public surface', () => {
  it('no result, error, event, log line or vault.config carries a secret, a hash or a code', async () => {
    const stored = new Set<string>();
    const seen: unknown[] = [];
    const logs: unknown[] = [];
    const mailer = outboxMailer({ log: false });
    const clock = manualClock(Date.UTC(2026, 10, 1));
    const vault = createVault({
      clock,
      mailer,
      storage: recordingStorage(stored),
      tokens: { secret: SECRET },
      passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true, peppers: [{ id: 'p1', secret: PEPPER }] },
      rateLimits: { scale: 100 },
      logger: { warn: (m) => logs.push(m), error: (m, e) => logs.push(m, String(e)) },
    });
    for (const name of Object.keys(EVENTS) as VaultEventName[]) vault.on(name, (payload) => seen.push({ name, payload }));
    const called = new Set<string>();
    const failed: string[] = [];
    const results: unknown[] = [];
    /** Calls `vault.<name>` and keeps what it answered or threw. */
    const run = async (name: string, ...args: unknown[]) => {
      called.add(name);
      const [group, method] = name.split('.') as [string, string];
      const fn = (vault as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[group]![method]!;
      try {
        const result = await fn(...args);
        results.push(result);
        return result as Record<string, any>;
      } catch (error) {
        results.push({ name: (error as Error).name, message: (error as Error).message, ...(error as object) });
        failed.push(`${name}:${(error as { code?: string }).code}`);
        return null;
      }
    };
    const code = (to: string) => /^\s*(\d{6})\s*$/m.exec(mailer.messages(to)[0]!.text)![1]!;
    const codes: string[] = [];
    const mailed = (to: string) => (codes.push(code(to)), codes.at(-1)!);
    const callerOf = async (accessToken: string): Promise<Caller> => {
      const v = await vault.tokens.verifyAccess(accessToken);
      if (!v.ok) throw new Error('token refused');
      results.push(v);
      return { id: v.claims.sub, role: v.claims.role, sessionId: v.claims.sid };
    };

    await run('auth.register', { email: 'ada@example.com', password: PASSWORD, username: 'ada' });
    await run('auth.resendOtp', { purpose: 'verify-email', email: 'ada@example.com' }); // within the cooldown: 429
    await run('auth.resendOtp', { purpose: 'reset-password', email: 'nobody@example.com' });
    const session = (await run('auth.verifyEmail', { email: 'ada@example.com', code: mailed('ada@example.com') }))!;
    const ada = await callerOf(session.accessToken);
    await run('auth.isUsernameAvailable', { username: 'ada' });
    const refreshed = (await run('auth.refresh', { refreshToken: session.refreshToken }))!;
    clock.advance(20_000);
    await run('auth.refresh', { refreshToken: session.refreshToken }); // reuse: an error
    await run('users.me', { caller: ada });
    await run('users.update', { name: 'Ada', bio: 'maths' }, { caller: ada });
    // The embedded local-disk uploader keeps these files until the account is deleted below.
    await run('users.setAvatar', { file: GIF }, { caller: ada });
    await run('users.setCover', { file: GIF }, { caller: ada });
    const kept = (await run('assets.upload', { file: GIF, title: 'kept', visibility: 'public' }, { caller: ada }))!;
    const dropped = (await run('assets.upload', { file: GIF, title: 'dropped' }, { caller: ada }))!;
    await run('assets.list', {}, { caller: ada });
    await run('assets.get', { id: kept.asset.id }, { caller: ada });
    await run('assets.delete', { id: dropped.asset.id }, { caller: ada });
    await run('assets.listChannel', { username: 'ada' });
    await run('channels.get', { username: 'ada' });
    await run('auth.login', { identifier: 'ada', password: 'wrong password!' });
    const again = (await run('auth.login', { identifier: 'ada@example.com', password: PASSWORD }))!;
    const ada2 = await callerOf(again.accessToken);
    await run('auth.listSessions', { caller: ada2 });
    await run('auth.setTwoFactor', { enabled: true, password: PASSWORD }, { caller: ada2 });
    clock.advance(61_000);
    const challenge = (await run('auth.login', { identifier: 'ada@example.com', password: PASSWORD }))!;
    await run('auth.resendOtp', { purpose: 'login', challengeId: challenge.challengeId }); // within the cooldown: 429
    const verified = (await run('auth.verifyLogin', { challengeId: challenge.challengeId, code: mailed('ada@example.com') }))!;
    const ada3 = await callerOf(verified.accessToken);
    await run('auth.revokeSession', { id: ada2.sessionId }, { caller: ada3 });
    const changed = (await run('auth.changePassword', { currentPassword: PASSWORD, newPassword: 'another passphrase' }, { caller: ada3 }))!;
    clock.advance(61_000);
    await run('auth.forgotPassword', { email: 'ada@example.com' });
    const { resetToken } = (await run('auth.verifyResetCode', { email: 'ada@example.com', code: mailed('ada@example.com') }))!;
    await run('auth.resetPassword', { resetToken, newPassword: PASSWORD });
    await run('auth.logout', { caller: await callerOf(changed.accessToken).catch(() => ada3) });
    const admin = (await run('admin.ensureAdmin', { email: 'root@example.com', password: 'admin passphrase!' }))!;
    await run('admin.listUsers', { page: 1, limit: 10 });
    await run('admin.getUser', { id: admin.user.id });
    await run('admin.updateUser', { id: session.user.id, role: 'admin' });
    const last = (await run('auth.login', { identifier: 'root@example.com', password: 'admin passphrase!' }))!;
    const root = await callerOf(last.accessToken);
    await run('channels.subscribe', { username: 'ada' }, { caller: root });
    await run('channels.listSubscribers', { username: 'ada' }, { caller: root });
    await run('channels.listMySubscriptions', {}, { caller: root });
    await run('channels.unsubscribe', { username: 'ada' }, { caller: root });
    await run('admin.listAssets', { ownerId: session.user.id });
    await run('admin.bulkDeleteAssets', { ids: [kept.asset.id, 'missing'] });
    await run('admin.deleteAsset', { id: kept.asset.id }); // already gone: 404
    await run('auth.logoutAll', { caller: root });
    await run('admin.deleteUser', { id: session.user.id });
    await run('auth.register', { email: 'bob@example.com', password: PASSWORD });
    await run('users.delete', { password: PASSWORD }, { caller: { id: 'nobody', role: 'user', sessionId: 'none' } });
    await vault.close();

    // Only the calls meant to fail did (so the walk really went through every flow).
    expect(failed).toEqual([
      'auth.resendOtp:RATE_LIMITED',
      'auth.refresh:REFRESH_TOKEN_REUSED',
      'auth.login:INVALID_CREDENTIALS',
      'auth.resendOtp:RATE_LIMITED',
      'admin.deleteAsset:NOT_FOUND',
      'users.delete:INVALID_TOKEN',
    ]);
    // Every operation was called at least once.
    expect([...called].sort()).toEqual(vaultOperations.map((op) => op.name).sort());
    expect(stored.size).toBeGreaterThan(10);
    const needles = [SECRET, PEPPER, ...stored, ...codes];
    const dump = JSON.stringify({ results, seen, logs, config: vault.config });
    for (const needle of needles) expect(dump.includes(needle), `a result, event or log carries ${needle.slice(0, 12)}…`).toBe(false);
    expect(dump).not.toMatch(/passwordHash|refreshHash|codeHash|previousHash|lastPair/);
    // And the answers are what the operations declare (the tokens are the app's to hand out).
    expect(refreshed).toMatchObject({ accessToken: expect.any(String), user: { email: 'ada@example.com' } });
    expect(seen.length).toBeGreaterThan(15);
  });

  it('vault.config is a frozen view without the secret, key material or peppers', () => {
    const vault = createVault({
      tokens: { secret: SECRET, keys: [{ kid: 'k1', alg: 'HS256', publicKey: Buffer.from(`${SECRET}-hs256-key`) }] },
      passwords: { peppers: [{ id: 'p1', secret: PEPPER }] },
    });
    const text = JSON.stringify(vault.config);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PEPPER);
    expect(vault.config.tokens.keys).toEqual([{ kid: 'k1', alg: 'HS256' }]);
    expect(vault.config.passwords.pepperIds).toEqual(['p1']);
    expect(Object.isFrozen(vault.config.tokens)).toBe(true);
    expect('secret' in vault.config.tokens).toBe(false);
  });
});
