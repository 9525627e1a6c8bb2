import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { VaultConfigError, VaultError } from '../../src/errors/index.js';
import { createPasswordHasher } from '../../src/passwords/hasher.js';
import type { VaultOptions } from '../../src/config/options.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';

function hasherWith(passwords: NonNullable<VaultOptions['passwords']> = {}) {
  const config = resolveConfig({ tokens: { secret }, passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true, ...passwords } });
  return createPasswordHasher(config.passwords, deriveServerKeys(secret).peppers);
}

async function refusal(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('password policy', () => {
  it('refuses a password shorter than minLength (default 8), with the field as path', async () => {
    const error = await refusal(hasherWith().assertAcceptable('1234567'));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.details).toEqual([{ path: 'password', message: 'must be at least 8 characters' }]);
    await expect(hasherWith().assertAcceptable('12345678')).resolves.toBeUndefined();
  });

  it('names the given field', async () => {
    const error = await refusal(hasherWith().assertAcceptable('short', 'newPassword'));
    expect(error.details?.[0]?.path).toBe('newPassword');
  });

  it('honours a configured minLength (NIST 15 for password-only accounts)', async () => {
    const hasher = hasherWith({ minLength: 15 });
    await expect(hasher.assertAcceptable('a'.repeat(14))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(hasher.assertAcceptable('a'.repeat(15))).resolves.toBeUndefined();
  });

  it('counts code points: an emoji counts as one character', async () => {
    const hasher = hasherWith();
    await expect(hasher.assertAcceptable('😀'.repeat(7))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(hasher.assertAcceptable('😀'.repeat(8))).resolves.toBeUndefined();
    // 256 emoji are 1024 UTF-8 bytes and 512 UTF-16 units, but 256 characters.
    await expect(hasher.assertAcceptable('😀'.repeat(256))).resolves.toBeUndefined();
    const error = await refusal(hasher.assertAcceptable('😀'.repeat(257)));
    expect(error.details).toEqual([{ path: 'password', message: 'must be at most 256 characters' }]);
  });

  it('refuses beyond a configured maxLength of 64', async () => {
    const hasher = hasherWith({ maxLength: 64 });
    await expect(hasher.assertAcceptable('a'.repeat(64))).resolves.toBeUndefined();
    await expect(hasher.assertAcceptable('a'.repeat(65))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('has no composition rules', async () => {
    const hasher = hasherWith();
    for (const password of ['aaaaaaaa', '12345678', 'all lower case words', 'ÄÖÜ äöü ß €']) {
      await expect(hasher.assertAcceptable(password)).resolves.toBeUndefined();
    }
  });

  it('refuses a password the isBreached hook reports, and accepts others', async () => {
    const seen: string[] = [];
    const hasher = hasherWith({
      isBreached: async (p) => {
        seen.push(p);
        return p === 'password123';
      },
    });
    const error = await refusal(hasher.assertAcceptable('password123'));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.[0]?.path).toBe('password');
    expect(error.message).not.toContain('password123');
    await expect(hasher.assertAcceptable('a much better passphrase')).resolves.toBeUndefined();
    expect(seen).toEqual(['password123', 'a much better passphrase']);
  });

  it('does not call isBreached for a password that already fails on length', async () => {
    let calls = 0;
    const hasher = hasherWith({ isBreached: () => (calls++, false) });
    await expect(hasher.assertAcceptable('short')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(calls).toBe(0);
  });

  it('a failing isBreached hook is a 503, not an accepted password', async () => {
    const hasher = hasherWith({
      isBreached: () => {
        throw new Error('breach service down');
      },
    });
    await expect(hasher.assertAcceptable('a fine passphrase')).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
  });
});

describe('password configuration', () => {
  it('refuses a bcrypt cost below 10 without the UNSAFE flag', () => {
    let error: unknown;
    try {
      resolveConfig({ tokens: { secret }, passwords: { bcryptCost: 4 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VaultConfigError);
    expect((error as VaultConfigError).issues.map((i) => i.path)).toContain('passwords.bcryptCost');
  });

  it('accepts a low cost with the UNSAFE flag, and defaults to cost 11, 8..256 characters', () => {
    expect(resolveConfig({ tokens: { secret }, passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true } }).passwords.bcryptCost).toBe(4);
    expect(resolveConfig({ tokens: { secret } }).passwords).toMatchObject({ bcryptCost: 11, minLength: 8, maxLength: 256 });
  });

  it('refuses a maxLength below 64', () => {
    expect(() => resolveConfig({ tokens: { secret }, passwords: { maxLength: 32 } })).toThrow(VaultConfigError);
  });
});
