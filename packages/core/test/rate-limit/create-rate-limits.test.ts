import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VaultOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { RateLimitedError, VaultError } from '../../src/errors/vault-error.js';
import { createEvents } from '../../src/events/emitter.js';
import type { LimiterSpec } from '../../src/rate-limit/limiter-factory.js';
import { createRateLimits } from '../../src/rate-limit/create-rate-limits.js';
import type { LoginAttempt, RateLimits } from '../../src/rate-limit/types.js';

const SECRET = 'a-rate-limit-test-secret-of-32-bytes-or-more';

function limitsWith(rateLimits: VaultOptions['rateLimits'] = {}) {
  const config = resolveConfig({ tokens: { secret: SECRET }, rateLimits });
  const events = createEvents();
  const exceeded: unknown[] = [];
  events.on('rate_limit.exceeded', (p) => exceeded.push(p));
  return { limits: createRateLimits({ config, events }), config, exceeded };
}

async function caught(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimits.consume', () => {
  it('counts the current request in remaining and refuses the N+1th', async () => {
    const { limits, exceeded } = limitsWith({ policies: { login: { points: 3, duration: '15m' } } });
    const first = await limits.consume('login', '203.0.113.7');
    expect(first).toMatchObject({ limit: 3, remaining: 2, windowSeconds: 900 });
    expect(first!.resetAt).toBe(Date.now() + 900_000);
    await limits.consume('login', '203.0.113.7');
    expect((await limits.consume('login', '203.0.113.7'))!.remaining).toBe(0);
    const error = await caught(limits.consume('login', '203.0.113.7'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect({ code: error.code, status: error.status, retryAfter: error.retryAfter }).toEqual({ code: 'RATE_LIMITED', status: 429, retryAfter: 900 });
    expect((error as RateLimitedError).limit).toMatchObject({ limit: 3, remaining: 0 });
    expect(exceeded).toEqual([{ bucket: 'login', key: '203.0.113.7' }]);
  });

  it('keeps one budget per client and per bucket', async () => {
    const { limits } = limitsWith({ policies: { login: { points: 1, duration: '1m' } } });
    await limits.consume('login', 'a');
    await expect(limits.consume('login', 'b')).resolves.toMatchObject({ remaining: 0 });
    await expect(limits.consume('general', 'a')).resolves.toMatchObject({ limit: 100 });
    await expect(limits.consume('login', 'a')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('opens again when the window is over', async () => {
    const { limits } = limitsWith({ policies: { register: { points: 1, duration: '1h' } } });
    await limits.consume('register', 'a');
    await expect(limits.consume('register', 'a')).rejects.toMatchObject({ status: 429 });
    vi.advanceTimersByTime(3_600_000 + 1);
    await expect(limits.consume('register', 'a')).resolves.toMatchObject({ remaining: 0 });
  });

  it('answers null for a disabled bucket', async () => {
    const { limits } = limitsWith({ policies: { general: false } });
    await expect(limits.consume('general', 'a')).resolves.toBeNull();
  });

  it('multiplies every budget by scale (resolveConfig)', async () => {
    const { limits, config } = limitsWith({ scale: 10 });
    expect(config.rateLimits.policies.register).toEqual({ points: 50, durationMs: 3_600_000 });
    expect(config.rateLimits.policies.general).toMatchObject({ points: 1000 });
    await expect(limits.consume('register', 'a')).resolves.toMatchObject({ limit: 50, remaining: 49 });
  });

  it('builds limiters through the factory with a vk:<bucket> prefix', async () => {
    const specs: LimiterSpec[] = [];
    const { limits } = limitsWith({ factory: (spec) => (specs.push(spec), new RateLimiterMemory(spec)) });
    await limits.consume('login', 'a');
    expect(specs).toContainEqual({ keyPrefix: 'vk:login', points: 10, duration: 900 });
    expect(specs).toContainEqual({ keyPrefix: 'vk:general', points: 100, duration: 900 });
  });

  it('turns a store failure into a 503 DependencyError, not a 429', async () => {
    const broken = () =>
      ({
        points: 1,
        duration: 1,
        consume: () => Promise.reject(new Error('ECONNREFUSED')),
        get: () => Promise.reject(new Error('ECONNREFUSED')),
        delete: () => Promise.reject(new Error('ECONNREFUSED')),
        block: () => Promise.reject(new Error('ECONNREFUSED')),
      }) as unknown as RateLimiterMemory;
    const { limits } = limitsWith({ factory: broken });
    const error = await caught(limits.consume('general', 'a'));
    expect({ code: error.code, status: error.status }).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    await expect(limits.reserveLoginAttempt('x')).rejects.toMatchObject({ status: 503 });
    await expect(limits.consumeMailQuota('x@example.test', 'verify-email')).rejects.toMatchObject({ status: 503 });
  });
});

/** Reserves a check and records it as failed, as a wrong password does. */
async function fail(limits: RateLimits, key: string): Promise<void> {
  await limits.recordLoginFailure(await limits.reserveLoginAttempt(key));
}

describe('createRateLimits account lock', () => {
  it('locks the account after N failures (ignoring case) for the lock duration', async () => {
    const { limits } = limitsWith({ accountLock: { maxFailures: 3, duration: '15m' } });
    for (let i = 0; i < 2; i += 1) await fail(limits, 'Alice@Example.test');
    await fail(limits, 'alice@example.test');
    const error = await caught(limits.reserveLoginAttempt('ALICE@example.test'));
    expect({ code: error.code, status: error.status, retryAfter: error.retryAfter }).toEqual({ code: 'ACCOUNT_LOCKED', status: 429, retryAfter: 900 });
    await expect(limits.reserveLoginAttempt('bob@example.test')).resolves.toMatchObject({ number: 1 });
    vi.advanceTimersByTime(15 * 60_000 + 1);
    await expect(limits.reserveLoginAttempt('alice@example.test')).resolves.toMatchObject({ number: 1 });
  });

  it('locks for the full duration from the last failure, not the rest of the first window', async () => {
    const { limits } = limitsWith({ accountLock: { maxFailures: 2, duration: '15m' } });
    await fail(limits, 'a');
    vi.advanceTimersByTime(14 * 60_000);
    await fail(limits, 'a');
    vi.advanceTimersByTime(5 * 60_000);
    await expect(limits.reserveLoginAttempt('a')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  /** @see issue 9 (parallel guesses got around the lock) */
  it('reserves before the check: of 40 parallel attempts only the first N get a check', async () => {
    const { limits } = limitsWith({ accountLock: { maxFailures: 10, duration: '15m' } });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => limits.reserveLoginAttempt('a')));
    const granted = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<LoginAttempt>).value.number);
    expect(granted.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(30).fill('ACCOUNT_LOCKED'));
  });

  it('is cleared by a success', async () => {
    const { limits } = limitsWith({ accountLock: { maxFailures: 2, duration: '15m' } });
    await fail(limits, 'a');
    await limits.clearLoginFailures('a');
    await fail(limits, 'a');
    await fail(limits, 'a');
    await expect(limits.reserveLoginAttempt('a')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await limits.clearLoginFailures('a');
    await expect(limits.reserveLoginAttempt('a')).resolves.toMatchObject({ number: 1 });
  });

  it('uses 10 failures by default and can be disabled', async () => {
    const { limits } = limitsWith();
    for (let i = 0; i < 9; i += 1) await fail(limits, 'a');
    await fail(limits, 'a');
    await expect(limits.reserveLoginAttempt('a')).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });

    const off = limitsWith({ accountLock: false }).limits;
    for (let i = 0; i < 20; i += 1) await fail(off, 'a');
    await expect(off.reserveLoginAttempt('a')).resolves.toMatchObject({ number: 0 });
  });
});

describe('createRateLimits mail quota', () => {
  it('enforces the cooldown between two mails to an address (ignoring case)', async () => {
    const { limits } = limitsWith();
    await limits.consumeMailQuota('Alice@example.test', 'verify-email');
    const error = await caught(limits.consumeMailQuota('alice@EXAMPLE.test', 'verify-email'));
    expect({ code: error.code, status: error.status, retryAfter: error.retryAfter }).toEqual({ code: 'RATE_LIMITED', status: 429, retryAfter: 60 });
    await expect(limits.consumeMailQuota('bob@example.test', 'verify-email')).resolves.toBeUndefined();
    vi.advanceTimersByTime(60_001);
    await expect(limits.consumeMailQuota('alice@example.test', 'verify-email')).resolves.toBeUndefined();
  });

  it('allows at most 3 mails per hour, and refused cooldowns do not eat the budget', async () => {
    const { limits } = limitsWith();
    await limits.consumeMailQuota('a@example.test', 'verify-email');
    // Refused by the cooldown: must not count against the hourly budget.
    for (let i = 0; i < 5; i += 1) await expect(limits.consumeMailQuota('a@example.test', 'verify-email')).rejects.toMatchObject({ status: 429 });
    vi.advanceTimersByTime(61_000);
    await limits.consumeMailQuota('a@example.test', 'verify-email');
    vi.advanceTimersByTime(61_000);
    await limits.consumeMailQuota('a@example.test', 'verify-email');
    vi.advanceTimersByTime(61_000);
    const error = await caught(limits.consumeMailQuota('a@example.test', 'verify-email'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfter).toBeGreaterThan(3000);
    vi.advanceTimersByTime(3_600_000);
    await expect(limits.consumeMailQuota('a@example.test', 'verify-email')).resolves.toBeUndefined();
  });

  it('counts each purpose separately: signing up does not block the login code a minute later', async () => {
    const { limits } = limitsWith();
    await limits.consumeMailQuota('a@example.test', 'verify-email');
    await expect(limits.consumeMailQuota('a@example.test', 'login')).resolves.toBeUndefined();
    await expect(limits.consumeMailQuota('a@example.test', 'reset-password')).resolves.toBeUndefined();
    await expect(limits.consumeMailQuota('a@example.test', 'login')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
