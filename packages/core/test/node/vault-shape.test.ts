import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { consoleLogger, VaultError, type AuthContext, type VaultHttp } from '../../src/index.js';
import { assertVault, authenticateRequest, callerOf, isHttpRequest, loggerOf, misconfigured, vaultHttpOf } from '../../src/node/index.js';

/** The public shape of `vault.http` with every method a stub. */
function fakeHttp(overrides: Partial<VaultHttp> = {}): VaultHttp {
  return {
    prefix: '/api/v1',
    routes: [],
    handle: vi.fn(),
    authenticate: vi.fn(),
    authorize: vi.fn(),
    renderError: (error) => ({ status: error instanceof VaultError ? error.status : 500, headers: {}, body: { status: 'error' } }),
    notFound: vi.fn(),
    openapi: vi.fn(),
    ...overrides,
  };
}

const req = { method: 'GET', url: '/app/me', headers: {}, socket: {} } as unknown as IncomingMessage;

describe('node glue: the vault shape, misuse and authentication', () => {
  it('vaultHttpOf / assertVault - the shape the adapters rely on, else null or a TypeError naming the caller', () => {
    const http = fakeHttp();
    expect(vaultHttpOf({ http })).toBe(http);
    for (const wrong of [undefined, null, {}, { http: {} }, { http: { ...http, routes: 'x' } }, { http: { ...http, prefix: 1 } }]) {
      expect(vaultHttpOf(wrong)).toBeNull();
      expect(() => assertVault(wrong, 'vaultRouter')).toThrow(new TypeError('vaultRouter(vault): expected the object returned by createVault()'));
    }
  });

  it('loggerOf - the vault logger, else the console one', () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    expect(loggerOf({ http: fakeHttp(), logger })).toBe(logger);
    expect(loggerOf({ http: fakeHttp() })).toBe(consoleLogger);
  });

  it('isHttpRequest - a request (what a framework passes to a helper it calls itself), never a vault', () => {
    expect(isHttpRequest(req)).toBe(true);
    expect(isHttpRequest({ http: fakeHttp(), method: 'GET', headers: {} })).toBe(false);
    expect(isHttpRequest(undefined)).toBe(false);
    expect(isHttpRequest('admin')).toBe(false);
  });

  it('misconfigured - a 500 INTERNAL_ERROR envelope that carries the given fix, never stored', () => {
    expect(misconfigured('Mount it first.')).toEqual({
      status: 500,
      headers: { 'Cache-Control': 'no-store' },
      body: { status: 'error', code: 'INTERNAL_ERROR', message: 'Mount it first.' },
    });
  });

  it('authenticateRequest - the outcome of http.authenticate; a rejection becomes its error envelope, never a rejection', async () => {
    const auth = { userId: 'u1', role: 'user', sessionId: 's1', claims: {} } as AuthContext;
    const ok = fakeHttp({ authenticate: vi.fn(async () => ({ ok: true as const, auth })) });
    await expect(authenticateRequest(ok, req)).resolves.toEqual({ ok: true, auth });
    expect(ok.authenticate).toHaveBeenCalledWith(expect.objectContaining({ method: 'GET', body: null }));
    const broken = fakeHttp({ authenticate: vi.fn(async () => Promise.reject(new VaultError('DEPENDENCY_UNAVAILABLE'))) });
    await expect(authenticateRequest(broken, req)).resolves.toMatchObject({ ok: false, response: { status: 503 } });
    expect(callerOf(auth)).toEqual({ id: 'u1', role: 'user', sessionId: 's1' });
  });
});
