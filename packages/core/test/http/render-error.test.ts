import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, DependencyError, RateLimitedError, VaultError } from '../../src/errors/vault-error.js';
import { renderError } from '../../src/http/render-error.js';
import { env, makeHttp, request, testOperation } from './helpers.js';

describe('renderError', () => {
  it('turns a plain Error into a 500 without any internals', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const res = renderError(error);
    expect(res.status).toBe(500);
    expect(env(res)).toEqual({ status: 'error', code: 'INTERNAL_ERROR', message: 'Something went wrong' });
    const text = JSON.stringify(res);
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    expect(res.headers['Cache-Control']).toBe('no-store');
  });

  it('renders non-Error throwables as 500 too', () => {
    expect(renderError('boom').status).toBe(500);
    expect(renderError(undefined).status).toBe(500);
    expect(renderError({ status: 200 }).status).toBe(500);
  });

  it('keeps a VaultError\'s status, code, message and details', () => {
    const res = renderError(new ConflictError('email'));
    expect(res.status).toBe(409);
    expect(env(res)).toEqual({ status: 'error', code: 'CONFLICT', message: 'This email is already taken', details: [{ path: 'email', message: 'already taken' }] });
    expect(env(renderError(new VaultError('INVALID_CREDENTIALS')))).toEqual({ status: 'error', code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' });
  });

  it('answers 503 for a DependencyError', () => {
    const res = renderError(new DependencyError('storage', { cause: new Error('mongo down at 10.0.0.9') }));
    expect([res.status, env(res).code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(JSON.stringify(res.body)).not.toContain('10.0.0.9');
  });

  it('answers 400 VALIDATION_FAILED for a ZodError', () => {
    const result = z.object({ email: z.email() }).safeParse({ email: 'x' });
    const res = renderError(result.error);
    expect([res.status, env(res).code, env(res).details[0].path]).toEqual([400, 'VALIDATION_FAILED', 'email']);
  });

  it('gives 429s Retry-After and the retry fields, never before the window resets', () => {
    const now = 1_800_000_000_000;
    const locked = renderError(new RateLimitedError(900, { code: 'ACCOUNT_LOCKED' }), now);
    expect(locked.status).toBe(429);
    expect(env(locked)).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfter: 900, retryAfterFormatted: '15 minutes' });
    expect(locked.headers['Retry-After']).toBe('900');
    const early = new RateLimitedError(1, { limit: { limit: 5, remaining: 0, resetAt: now + 42_000, windowSeconds: 60 } });
    expect(renderError(early, now).headers['Retry-After']).toBe('42');
  });
});

describe('handle: unexpected errors', () => {
  it('answers 500 for a throwing operation, reports the error, and never rejects', async () => {
    const boom = testOperation({
      path: '/boom',
      auth: 'public',
      run: async () => {
        throw new Error('secret internals');
      },
    });
    const { handle, unexpected } = makeHttp([boom]);
    const res = await handle(boom, request({ method: 'GET' }));
    expect([res.status, env(res).code]).toEqual([500, 'INTERNAL_ERROR']);
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(unexpected).toHaveLength(1);
  });

  it('answers 503 when an operation meets a DependencyError, without reporting it as unexpected', async () => {
    const down = testOperation({
      path: '/down',
      auth: 'public',
      run: async () => {
        throw new DependencyError('storage');
      },
    });
    const { handle, unexpected } = makeHttp([down]);
    const res = await handle(down, request({ method: 'GET' }));
    expect([res.status, env(res).code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(unexpected).toEqual([]);
  });

  it('answers 404 NOT_FOUND from notFound()', () => {
    const { http } = makeHttp([]);
    const res = http.notFound();
    expect([res.status, env(res)]).toEqual([404, { status: 'error', code: 'NOT_FOUND', message: 'Not found' }]);
  });
});
