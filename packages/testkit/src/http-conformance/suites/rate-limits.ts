import { describe, expect } from 'vitest';
import { expectError, PASSWORD, signUp, uniqueEmail } from '../flows.js';
import type { Answer } from '../harness.js';
import type { SuiteTools } from '../suite.js';

const login = { identifier: 'nobody@conformance.test', password: PASSWORD };

function limitHeaders(answer: Answer) {
  return {
    limit: answer.headers.get('x-ratelimit-limit'),
    remaining: answer.headers.get('x-ratelimit-remaining'),
    reset: Number(answer.headers.get('x-ratelimit-reset')),
  };
}

/** `X-RateLimit-*` on limited routes and the 429 envelope (DESIGN §7). */
export function rateLimitSuite({ start, route }: SuiteTools): void {
  describe('rate limits', () => {
    route('POST /auth/login')('POST /auth/login - every answer carries X-RateLimit-Limit/Remaining/Reset (Unix seconds)', async () => {
      const ctx = await start({ vault: { rateLimits: { scale: 1 } } });
      const before = Math.floor(Date.now() / 1000);
      const first = limitHeaders(await ctx.api('POST', '/auth/login', { json: login }));
      expect(first).toMatchObject({ limit: '10', remaining: '9' });
      expect(first.reset).toBeGreaterThanOrEqual(before);
      expect(first.reset).toBeLessThanOrEqual(before + 15 * 60 + 2);
      // Invalid requests count too.
      const second = limitHeaders(await ctx.api('POST', '/auth/login', { json: { nope: true } }));
      expect(second.remaining).toBe('8');
    });

    route('POST /auth/login')('POST /auth/login - over the budget: 429 RATE_LIMITED with retryAfter, retryAfterFormatted and Retry-After', async () => {
      const ctx = await start({ vault: { rateLimits: { scale: 1, policies: { login: { points: 2, duration: '5m' } } } } });
      await ctx.api('POST', '/auth/login', { json: login });
      await ctx.api('POST', '/auth/login', { json: login });
      const limited = await ctx.api('POST', '/auth/login', { json: login });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(limited.body).toEqual({
        status: 'error',
        code: 'RATE_LIMITED',
        message: 'Too many requests, please try again later',
        retryAfter: expect.any(Number),
        retryAfterFormatted: expect.any(String),
      });
      expect(limited.body.retryAfter).toBeGreaterThan(0);
      expect(limited.body.retryAfter).toBeLessThanOrEqual(300);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(limited.body.retryAfter);
      expect(limitHeaders(limited)).toMatchObject({ limit: '2', remaining: '0' });
    });

    route('POST /auth/register')('POST /auth/register - the register budget stops sign-ups with 429 and stores nothing', async () => {
      const ctx = await start({ vault: { rateLimits: { scale: 1, policies: { register: { points: 1, duration: '1h' } } } } });
      await signUp(ctx);
      const email = uniqueEmail();
      expectError(await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } }), 429, 'RATE_LIMITED');
      expect(await ctx.vault.storage.users.findByEmail(email)).toBeNull();
    });

    route('POST /auth/register', 'GET /users/me')('GET /users/me - the general bucket answers X-RateLimit-Limit 100', async () => {
      const ctx = await start({ vault: { rateLimits: { scale: 1 } } });
      const s = await signUp(ctx);
      const answer = await ctx.api('GET', '/users/me', { token: s.accessToken });
      expect(limitHeaders(answer).limit).toBe('100');
    });
  });
}
