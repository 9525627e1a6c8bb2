import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { VaultError } from '../../src/errors/index.js';
import { createOtpService } from '../../src/otp/otp-service.js';
import type { OtpIssue, Storage } from '../../src/ports/storage.js';
import { memoryStorage } from '../../src/storage/memory/index.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const MIN = 60_000;

function setup() {
  const clock = manualClock();
  const storage = memoryStorage();
  const issued: OtpIssue[] = [];
  const otps = storage.otps;
  // Records what reaches the storage port, to check that no plain code is ever stored.
  const spied: Storage = { ...storage, otps: { ...otps, issue: (otp) => (issued.push(otp), otps.issue(otp)) } };
  const config = resolveConfig({ tokens: { secret }, passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true } });
  const otp = createOtpService({ config, clock, storage: spied, keys: deriveServerKeys(secret) });
  return { clock, otp, issued };
}

/** Resolves to the thrown error (or null), so a test can assert on code, status and retryAfter. */
async function failure(promise: Promise<unknown>): Promise<VaultError | null> {
  return promise.then(
    () => null,
    (e: unknown) => {
      expect(e).toBeInstanceOf(VaultError);
      return e as VaultError;
    },
  );
}

/** A six-digit code that is not `code`. */
const wrong = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('otp service - issue and verify', () => {
  it('issues six digits that verify exactly once', async () => {
    const { otp } = setup();
    const code = await otp.issue('verify-email', 'user-1');
    expect(code).toMatch(/^\d{6}$/);
    await expect(otp.verify('verify-email', 'user-1', code)).resolves.toBeUndefined();
    await expect(otp.verify('verify-email', 'user-1', code)).rejects.toMatchObject({ code: 'INVALID_CODE', status: 400 });
  });

  it('a wrong code is INVALID_CODE', async () => {
    const { otp } = setup();
    const code = await otp.issue('login', 'user-1');
    await expect(otp.verify('login', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'INVALID_CODE', status: 400 });
    await expect(otp.verify('login', 'user-1', code)).resolves.toBeUndefined();
  });

  it('a code is bound to its purpose and subject', async () => {
    const { otp } = setup();
    const code = await otp.issue('reset-password', 'user-1');
    await otp.issue('reset-password', 'user-2');
    await expect(otp.verify('verify-email', 'user-1', code)).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(otp.verify('reset-password', 'user-2', code)).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(otp.verify('reset-password', 'user-1', code)).resolves.toBeUndefined();
  });

  it('no code issued is INVALID_CODE', async () => {
    const { otp } = setup();
    await expect(otp.verify('verify-email', 'nobody', '123456')).rejects.toMatchObject({ code: 'INVALID_CODE' });
  });

  it('an expired code (5 min + 1 ms) never verifies', async () => {
    const { otp, clock } = setup();
    const code = await otp.issue('verify-email', 'user-1');
    clock.advance(5 * MIN + 1);
    await expect(otp.verify('verify-email', 'user-1', code)).rejects.toMatchObject({ code: 'INVALID_CODE' });
  });

  it('a replaced code (issued twice) never verifies; the new one does', async () => {
    const { otp } = setup();
    let first = await otp.issue('verify-email', 'user-1');
    let second = await otp.issue('verify-email', 'user-1');
    // The odds of two equal codes are 1 in a million; re-issue rather than flake.
    while (second === first) {
      first = second;
      second = await otp.issue('verify-email', 'user-1');
    }
    await expect(otp.verify('verify-email', 'user-1', first)).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(otp.verify('verify-email', 'user-1', second)).resolves.toBeUndefined();
  });

  /** @see issue 9 (an account oracle: subjects without a code never locked) */
  it('verify - guesses for a subject that never had a code are counted and lock like any other', async () => {
    const { otp } = setup();
    const guess = wrong(await otp.issue('reset-password', 'has-code'));
    const statuses = async (subject: string) => {
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) codes.push(await otp.verify('reset-password', subject, guess).then(() => 'ok', (e: { code: string }) => e.code));
      return codes;
    };
    const expected = ['INVALID_CODE', 'INVALID_CODE', 'INVALID_CODE', 'INVALID_CODE', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS'];
    expect(await statuses('no-code')).toEqual(expected);
    expect(await statuses('has-code')).toEqual(expected);
  });

  it('stores only an HMAC: the record contains no plain code', async () => {
    const { otp, issued, clock } = setup();
    const code = await otp.issue('verify-email', 'user-1');
    expect(issued).toHaveLength(1);
    const record = issued[0]!;
    expect(JSON.stringify(record)).not.toContain(code);
    expect(record.codeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(record.expiresAt.getTime()).toBe(clock.now() + 5 * MIN);
    // Kept past the lock (15 min) so the attempt count outlives the code.
    expect(record.retainUntil.getTime()).toBe(clock.now() + 15 * MIN + 24 * 60 * MIN);
  });
});

describe('otp service - attempts and lock', () => {
  it('the 5th wrong code is TOO_MANY_ATTEMPTS (429, retryAfter 15 min); a correct code during the lock fails', async () => {
    const { otp, clock } = setup();
    const code = await otp.issue('verify-email', 'user-1');
    for (let i = 1; i <= 4; i++) {
      await expect(otp.verify('verify-email', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    const fifth = await failure(otp.verify('verify-email', 'user-1', wrong(code)));
    expect(fifth).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429, retryAfter: 900 });
    clock.advance(MIN);
    const during = await failure(otp.verify('verify-email', 'user-1', code));
    expect(during).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429, retryAfter: 840 });
  });

  it('malformed input counts as a wrong attempt', async () => {
    const { otp } = setup();
    const code = await otp.issue('login', 'user-1');
    for (const input of ['', '12345', 'abcdef', ` ${code}`]) {
      await expect(otp.verify('login', 'user-1', input)).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    await expect(otp.verify('login', 'user-1', `${code}0`)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429 });
    await expect(otp.verify('login', 'user-1', code)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('a re-issued code does not reset the count', async () => {
    const { otp } = setup();
    const first = await otp.issue('reset-password', 'user-1');
    for (let i = 0; i < 4; i++) {
      await expect(otp.verify('reset-password', 'user-1', wrong(first))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    const second = await otp.issue('reset-password', 'user-1');
    await expect(otp.verify('reset-password', 'user-1', wrong(second))).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429 });
    // A code issued during the lock is refused as well.
    const third = await otp.issue('reset-password', 'user-1');
    await expect(otp.verify('reset-password', 'user-1', third)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('the count survives the expiry of the code it was made against', async () => {
    const { otp, clock } = setup();
    const first = await otp.issue('verify-email', 'user-1');
    for (let i = 0; i < 4; i++) {
      await expect(otp.verify('verify-email', 'user-1', wrong(first))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    clock.advance(10 * MIN);
    const second = await otp.issue('verify-email', 'user-1');
    await expect(otp.verify('verify-email', 'user-1', wrong(second))).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('the lock ends after 15 minutes and a correct code then works', async () => {
    const { otp, clock } = setup();
    const code = await otp.issue('login', 'user-1');
    for (let i = 0; i < 5; i++) await otp.verify('login', 'user-1', wrong(code)).catch(() => {});
    clock.advance(15 * MIN - 1);
    const fresh = await otp.issue('login', 'user-1');
    await expect(otp.verify('login', 'user-1', fresh)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfter: 1 });
    clock.advance(1);
    await expect(otp.verify('login', 'user-1', fresh)).resolves.toBeUndefined();
  });

  it('only success resets the count', async () => {
    const { otp } = setup();
    let code = await otp.issue('login', 'user-1');
    for (let i = 0; i < 4; i++) {
      await expect(otp.verify('login', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    await otp.verify('login', 'user-1', code);
    code = await otp.issue('login', 'user-1');
    for (let i = 0; i < 4; i++) {
      await expect(otp.verify('login', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    }
    await expect(otp.verify('login', 'user-1', code)).resolves.toBeUndefined();
  });

  it('counts per (purpose, subject): one locked flow leaves the others alone', async () => {
    const { otp } = setup();
    const a = await otp.issue('login', 'user-1');
    const b = await otp.issue('login', 'user-2');
    const c = await otp.issue('reset-password', 'user-1');
    for (let i = 0; i < 5; i++) await otp.verify('login', 'user-1', wrong(a)).catch(() => {});
    await expect(otp.verify('login', 'user-1', a)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(otp.verify('login', 'user-2', b)).resolves.toBeUndefined();
    await expect(otp.verify('reset-password', 'user-1', c)).resolves.toBeUndefined();
  });

  it('honours configured maxAttempts and lock duration', async () => {
    const clock = manualClock();
    const config = resolveConfig({ tokens: { secret }, otp: { maxAttempts: 2, lockDuration: '1m' } });
    const otp = createOtpService({ config, clock, storage: memoryStorage(), keys: deriveServerKeys(secret) });
    const code = await otp.issue('login', 'user-1');
    await expect(otp.verify('login', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(otp.verify('login', 'user-1', wrong(code))).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfter: 60 });
  });
});
