import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { rateLimitHeaders } from '../../src/http/rate-limit-headers.js';
import type { AnyOperation } from '../../src/operations/define.js';
import { env, makeHttp, request, testOperation } from './helpers.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0, 250);

const login = testOperation({
  method: 'POST',
  path: '/auth/login',
  auth: 'public',
  rateLimit: 'login',
  input: z.object({ identifier: z.string() }),
  output: { 200: z.object({ ok: z.boolean() }) },
  run: async () => ({ ok: true }),
});

function send(handle: ReturnType<typeof makeHttp>['handle'], operation: AnyOperation, options: { remoteAddress?: string; body?: unknown } = {}) {
  const { remoteAddress = '203.0.113.7', body = { identifier: 'a' } } = options;
  return handle(operation, request({ body, remoteAddress }));
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('handle: rate limits', () => {
  it('refuses the N+1th request with 429, Retry-After and the body fields', async () => {
    const { handle, seen } = makeHttp([login], { rateLimits: { policies: { login: { points: 3, duration: '5m' } } } });
    for (let i = 0; i < 3; i += 1) expect((await send(handle, login)).status).toBe(200);
    const res = await send(handle, login);
    expect(res.status).toBe(429);
    expect(env(res)).toEqual({
      status: 'error',
      code: 'RATE_LIMITED',
      message: 'Too many requests, please try again later',
      retryAfter: 300,
      retryAfterFormatted: '5 minutes',
    });
    expect(res.headers['Retry-After']).toBe('300');
    expect(res.headers['X-RateLimit-Remaining']).toBe('0');
    expect(res.headers['Cache-Control']).toBe('no-store');
    // Retry-After never points before the announced reset.
    expect(res.headers['X-RateLimit-Reset']).toBe(String(Math.ceil((NOW + 300_000) / 1000)));
    expect(NOW + Number(res.headers['Retry-After']) * 1000).toBeGreaterThanOrEqual(NOW + 300_000);
    expect(seen).toEqual([{ name: 'rate_limit.exceeded', payload: { bucket: 'login', key: '203.0.113.7' } }]);
  });

  it('sends X-RateLimit-* on every response, Remaining counting the current request', async () => {
    const { handle } = makeHttp([login], { rateLimits: { policies: { login: { points: 10, duration: '15m' } } } });
    const res = await send(handle, login);
    expect(res.headers).toMatchObject({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '9',
      'X-RateLimit-Reset': String(Math.ceil((NOW + 15 * 60_000) / 1000)),
    });
    expect(res.headers).not.toHaveProperty('RateLimit');
    expect((await send(handle, login)).headers['X-RateLimit-Remaining']).toBe('8');
  });

  it('counts invalid requests too, and puts the headers on error answers', async () => {
    const { handle } = makeHttp([login], { rateLimits: { policies: { login: { points: 2, duration: '15m' } } } });
    const invalid = await send(handle, login, { body: { nope: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['X-RateLimit-Remaining']).toBe('1');
    const malformed = await handle(login, request({ body: '{', headers: { 'content-type': 'application/json' }, remoteAddress: '203.0.113.7' }));
    expect([malformed.status, malformed.headers['X-RateLimit-Remaining']]).toEqual([400, '0']);
    expect((await send(handle, login)).status).toBe(429);
  });

  it('sends no rate-limit headers for a disabled bucket or an unlimited route', async () => {
    const { handle } = makeHttp([login], { rateLimits: { policies: { login: false } } });
    const res = await send(handle, login);
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((h) => /ratelimit/i.test(h))).toEqual([]);
  });

  it('adds the IETF headers when asked', async () => {
    const { handle } = makeHttp([login], { rateLimits: { headers: 'both', policies: { login: { points: 10, duration: '15m' } } } });
    const res = await send(handle, login);
    expect(res.headers['RateLimit-Policy']).toBe('10;w=900');
    expect(res.headers.RateLimit).toBe('limit=10, remaining=9, reset=900');
    expect(res.headers['X-RateLimit-Limit']).toBe('10');
    const ietf = makeHttp([login], { rateLimits: { headers: 'ietf' } });
    const only = await send(ietf.handle, login);
    expect(only.headers['RateLimit-Policy']).toBe('10;w=900');
    expect(only.headers).not.toHaveProperty('X-RateLimit-Limit');
  });

  it('groups an IPv6 /64 into one budget and keeps IPv4-mapped clients apart from others', async () => {
    const { handle } = makeHttp([login], { rateLimits: { policies: { login: { points: 2, duration: '15m' } } } });
    await send(handle, login, { remoteAddress: '2001:db8::1' });
    await send(handle, login, { remoteAddress: '2001:db8:0:0:ffff::2' });
    expect((await send(handle, login, { remoteAddress: '2001:db8::abcd' })).status).toBe(429);
    expect((await send(handle, login, { remoteAddress: '2001:db8:0:1::1' })).status).toBe(200);
    await send(handle, login, { remoteAddress: '::ffff:192.0.2.1' });
    await send(handle, login, { remoteAddress: '192.0.2.1' });
    expect((await send(handle, login, { remoteAddress: '::ffff:192.0.2.1' })).status).toBe(429);
  });

  it('ignores X-Forwarded-For without trustProxy and honours it with trustProxy', async () => {
    const { handle } = makeHttp([login], { rateLimits: { policies: { login: { points: 1, duration: '15m' } } } });
    const spoof = (ip: string) => handle(login, request({ body: { identifier: 'a' }, remoteAddress: '198.51.100.1', headers: { 'x-forwarded-for': ip } }));
    expect((await spoof('203.0.113.1')).status).toBe(200);
    expect((await spoof('203.0.113.2')).status).toBe(429);

    const proxied = makeHttp([login], { http: { trustProxy: true }, rateLimits: { policies: { login: { points: 1, duration: '15m' } } } });
    const via = (ip: string) => proxied.handle(login, request({ body: { identifier: 'a' }, remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': ip } }));
    expect((await via('203.0.113.1')).status).toBe(200);
    expect((await via('203.0.113.2')).status).toBe(200);
    expect((await via('203.0.113.1, 10.0.0.5')).status).toBe(429);
  });

  it('scale multiplies the budget', async () => {
    const { handle } = makeHttp([login], { rateLimits: { scale: 3, policies: { login: { points: 1, duration: '15m' } } } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await send(handle, login)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('answers 503 when the limiter store is down', async () => {
    const down = () => ({ points: 1, duration: 1, consume: () => Promise.reject(new Error('redis down')) }) as never;
    const { handle, unexpected } = makeHttp([login], { rateLimits: { factory: down } });
    const res = await send(handle, login);
    expect([res.status, env(res).code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(JSON.stringify(res.body)).not.toContain('redis down');
    expect(unexpected).toEqual([]);
  });
});

describe('rateLimitHeaders', () => {
  it('clamps remaining at 0 and gives the reset in Unix seconds', () => {
    expect(rateLimitHeaders({ limit: 5, remaining: -1, resetAt: 1_700_000_000_500, windowSeconds: 60 }, 'legacy', 1_699_999_990_000)).toEqual({
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '1700000001',
    });
  });
});
