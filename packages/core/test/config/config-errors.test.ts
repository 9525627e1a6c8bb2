import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { VaultConfigError } from '../../src/errors/index.js';

const SECRET = 'config-errors-test-secret-32-bytes!!';
const GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

/** The VaultConfigError `resolveConfig(options)` throws (the options are deliberately wrong). */
function configError(options: unknown): VaultConfigError {
  try {
    resolveConfig(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultConfigError);
    return error as VaultConfigError;
  }
  throw new Error('expected a VaultConfigError');
}

const messageAt = (error: VaultConfigError, path: string) => error.issues.find((i) => i.path === path)?.message;

describe('configuration errors say what to do', () => {
  it('a missing tokens.secret is required, at least 32 bytes, with a one-line way to make one', () => {
    // What `secret: process.env.JWT_SECRET` gives when the variable is not set.
    const message = messageAt(configError({ tokens: { secret: undefined } }), 'tokens.secret');
    expect(message).toMatch(/^is required/);
    expect(message).toContain('32 bytes');
    expect(message).toContain(GENERATE);
  });

  it('an empty secret (`process.env.JWT_SECRET ?? ""`) is reported as missing, once', () => {
    const error = configError({ tokens: { secret: '' } });
    expect(error.issues).toHaveLength(1);
    expect(messageAt(error, 'tokens.secret')).toMatch(/^is required/);
  });

  it('a missing tokens object, or no options at all, says the same', () => {
    expect(messageAt(configError({}), 'tokens')).toMatch(/^is required: tokens: \{ secret \}.*32 bytes/);
    expect(messageAt(configError({}), 'tokens')).toContain(GENERATE);
    const root = messageAt(configError(undefined), '');
    expect(root).toContain('createVault({ tokens: { secret');
    expect(root).toContain(GENERATE);
  });

  it('a short secret says how long and how to make one, without repeating it', () => {
    const error = configError({ tokens: { secret: 'hunter2' } });
    expect(messageAt(error, 'tokens.secret')).toMatch(/^must be at least 32 bytes/);
    expect(messageAt(error, 'tokens.secret')).toContain(GENERATE);
    expect(error.message).not.toContain('hunter2');
  });

  it('a secret of the wrong type is not called missing', () => {
    expect(messageAt(configError({ tokens: { secret: 42 } }), 'tokens.secret')).not.toMatch(/required/);
  });

  it('an unknown key names the nearest known option, one issue per key', () => {
    const error = configError({ tokens: { secret: SECRET, acessTtl: '15m', refreshTTL: '7d' } });
    expect(error.issues).toEqual([
      { path: 'tokens.acessTtl', message: 'is not an option; did you mean `tokens.accessTtl`?' },
      { path: 'tokens.refreshTTL', message: 'is not an option; did you mean `tokens.refreshTtl`?' },
    ]);
    expect(error.message).toContain('tokens.acessTtl: is not an option; did you mean `tokens.accessTtl`?');
  });

  it('an option at the wrong level names where it belongs', () => {
    const error = configError({ tokens: { secret: SECRET }, accessTtl: '15m' });
    expect(messageAt(error, 'accessTtl')).toBe('is not an option here; did you mean `tokens.accessTtl`?');
  });

  it('an unknown key with nothing close lists the options at that level', () => {
    const message = messageAt(configError({ tokens: { secret: SECRET }, otp: { colour: 'blue' } }), 'otp.colour');
    expect(message).toBe('is not an option (options here: ttl, maxAttempts, lockDuration)');
  });

  it('suggests inside nested objects, arrays and unions (policy | false)', () => {
    const error = configError({
      tokens: { secret: SECRET, keys: [{ kid: 'k1', alg: 'HS256', publicKey: SECRET, privatKey: SECRET }] },
      rateLimits: {
        policies: { logins: { points: 5, duration: '1m' }, login: { points: 5, duraton: '1m' } },
        accountLock: { maxFailures: 3, duration: '15m', maxFailure: 3 },
      },
      http: { cookies: { secur: true } },
    });
    expect(messageAt(error, 'tokens.keys.0.privatKey')).toBe('is not an option; did you mean `tokens.keys.0.privateKey`?');
    expect(messageAt(error, 'rateLimits.policies.logins')).toBe('is not an option; did you mean `rateLimits.policies.login`?');
    expect(messageAt(error, 'rateLimits.policies.login.duraton')).toBe('is not an option; did you mean `rateLimits.policies.login.duration`?');
    expect(messageAt(error, 'rateLimits.policies.login.duration')).toBe('is required');
    expect(messageAt(error, 'rateLimits.accountLock.maxFailure')).toBe('is not an option; did you mean `rateLimits.accountLock.maxFailures`?');
    expect(messageAt(error, 'http.cookies.secur')).toBe('is not an option; did you mean `http.cookies.secure`?');
    expect(error.issues.map((i) => i.message)).not.toContain('Invalid input');
  });

  it('every problem is still reported at once, in one VaultConfigError', () => {
    const error = configError({
      tokens: { acessTtl: '15m' },
      passwords: { bcryptCost: 8 },
      otp: { ttl: 'soon' },
      http: { prefix: '/api/' },
    });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['http.prefix', 'otp.ttl', 'passwords.bcryptCost', 'tokens.acessTtl', 'tokens.secret'].sort());
  });
});
