import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisHotState } from '../src/index.js';
import { connect, dropPrefix, keysUnder, randomPrefix, unreachableClient } from './redis.js';

/** What a refused `consume` rejects with: a RateLimiterRes, not an Error. */
const refusal = { consumedPoints: expect.any(Number), msBeforeNext: expect.any(Number) };

describe('rateLimits.factory', () => {
  let first: Redis;
  let second: Redis;
  let down: Redis;
  const prefix = randomPrefix();

  beforeAll(async () => {
    [first, second, down] = await Promise.all([connect(), connect(), unreachableClient()]);
  });
  afterAll(async () => {
    await dropPrefix(first, prefix);
    await Promise.all([first.quit(), second.quit()]);
    down.disconnect();
  });

  it('factory - limiters of two instances (two clients) share one budget', async () => {
    const spec = { keyPrefix: 'vk:login', points: 5, duration: 60 };
    const a = redisHotState(first, { prefix }).rateLimits.factory(spec);
    const b = redisHotState(second, { prefix }).rateLimits.factory(spec);
    for (let i = 0; i < 3; i++) await a.consume('203.0.113.7');
    await b.consume('203.0.113.7');
    await expect(b.consume('203.0.113.7')).resolves.toMatchObject({ remainingPoints: 0 });
    await expect(a.consume('203.0.113.7')).rejects.toMatchObject(refusal);
    // Another client address has its own budget.
    await expect(b.consume('198.51.100.1')).resolves.toMatchObject({ remainingPoints: 4 });
    expect(await keysUnder(first, `${prefix}rl:vk:login:`)).toHaveLength(2);
  });

  it('factory - block and delete (the account lock) reach the shared store', async () => {
    const spec = { keyPrefix: 'vk:account-lock', points: 10, duration: 900 };
    const a = redisHotState(first, { prefix }).rateLimits.factory(spec);
    const b = redisHotState(second, { prefix }).rateLimits.factory(spec);
    await a.block('ada@example.test', 900);
    await expect(b.consume('ada@example.test')).rejects.toMatchObject(refusal);
    await b.delete('ada@example.test');
    await expect(a.consume('ada@example.test')).resolves.toMatchObject({ consumedPoints: 1 });
  });

  it('factory - with Redis unreachable the memory insurance limiter still limits', async () => {
    const limiter = redisHotState(down, { prefix }).rateLimits.factory({ keyPrefix: 'vk:register', points: 2, duration: 3600 });
    await expect(limiter.consume('203.0.113.9')).resolves.toMatchObject({ consumedPoints: 1 });
    await expect(limiter.consume('203.0.113.9')).resolves.toMatchObject({ consumedPoints: 2 });
    await expect(limiter.consume('203.0.113.9')).rejects.toMatchObject(refusal);
    await expect(limiter.consume('203.0.113.10')).resolves.toMatchObject({ consumedPoints: 1 });
  });
});
