import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isTrustedOrigin } from '../../src/http/csrf.js';
import { env, makeHttp, request, testOperation } from './helpers.js';

const TRUSTED = 'https://app.example.test';
const calls: string[] = [];
const route = testOperation({
  name: 'test.refresh',
  auth: 'public',
  input: z.object({ refreshToken: z.string().optional() }),
  output: { 200: z.object({ ok: z.boolean() }) },
  http: { method: 'POST', path: '/auth/refresh-token', refreshCookieField: 'refreshToken' },
  async run(_vault, input: { refreshToken?: string }) {
    calls.push(input.refreshToken ?? 'none');
    return { ok: true };
  },
});
const read = testOperation({ method: 'GET', path: '/things', auth: 'public' });

function setup() {
  return makeHttp([route, read], { http: { trustedOrigins: [TRUSTED] } });
}

describe('isTrustedOrigin', () => {
  it('trusts listed origins and the own origin, never "null"', () => {
    expect(isTrustedOrigin({ origin: TRUSTED }, [TRUSTED])).toBe(true);
    expect(isTrustedOrigin({ origin: 'https://APP.example.test:443' }, [TRUSTED])).toBe(true);
    expect(isTrustedOrigin({ origin: 'https://evil.example' }, [TRUSTED])).toBe(false);
    expect(isTrustedOrigin({ origin: 'http://localhost:3000' }, [], 'http://localhost:3000')).toBe(true);
    expect(isTrustedOrigin({ origin: 'null' }, [TRUSTED, 'null'])).toBe(false);
  });

  it('without Origin refuses only Sec-Fetch-Site: cross-site', () => {
    expect(isTrustedOrigin({ 'sec-fetch-site': 'cross-site' }, [TRUSTED])).toBe(false);
    expect(isTrustedOrigin({ 'sec-fetch-site': 'same-origin' }, [TRUSTED])).toBe(true);
    expect(isTrustedOrigin({}, [TRUSTED])).toBe(true);
  });
});

describe('handle: CSRF', () => {
  const cookie = { cookie: 'vk_rt=refresh-secret' };

  it('refuses a cookie request from a foreign Origin with 403 before the operation runs', async () => {
    const { handle } = setup();
    calls.length = 0;
    const res = await handle(route, request({ body: {}, headers: { ...cookie, origin: 'https://evil.example', 'content-type': 'application/json' } }));
    expect([res.status, env(res).code]).toEqual([403, 'CSRF_REJECTED']);
    expect(calls).toEqual([]);
  });

  it('lets a cookie request from a trusted Origin through (the refresh cookie fills the refreshToken input)', async () => {
    const { handle } = setup();
    calls.length = 0;
    const res = await handle(route, request({ body: {}, headers: { ...cookie, origin: TRUSTED, 'content-type': 'application/json' } }));
    expect(res.status).toBe(200);
    expect(calls).toEqual(['refresh-secret']);
  });

  it('lets a same-origin cookie request through without configuration', async () => {
    const { handle } = makeHttp([route]);
    const res = await handle(route, request({ body: {}, headers: { ...cookie, host: 'api.local:3000', origin: 'http://api.local:3000', 'content-type': 'application/json' } }));
    expect(res.status).toBe(200);
  });

  it('refuses a cookie request with Sec-Fetch-Site: cross-site and no Origin', async () => {
    const { handle } = setup();
    const res = await handle(route, request({ body: {}, headers: { cookie: '__Host-vk_at=t', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' } }));
    expect([res.status, env(res).code]).toEqual([403, 'CSRF_REJECTED']);
  });

  it('lets a Bearer request from a foreign Origin through', async () => {
    const { handle } = setup();
    const res = await handle(
      route,
      request({ body: {}, headers: { ...cookie, authorization: 'Bearer abc', origin: 'https://evil.example', 'content-type': 'application/json' } }),
    );
    expect(res.status).toBe(200);
  });

  it('lets requests without a token cookie, or without Origin/Sec-Fetch-Site, through', async () => {
    const { handle } = setup();
    const noCookie = await handle(route, request({ body: {}, headers: { origin: 'https://evil.example', cookie: 'theme=dark' } }));
    expect(noCookie.status).toBe(200);
    const noHeaders = await handle(route, request({ body: {}, headers: cookie }));
    expect(noHeaders.status).toBe(200);
  });

  it('does not check safe methods', async () => {
    const { handle } = setup();
    const res = await handle(read, request({ method: 'GET', headers: { ...cookie, origin: 'https://evil.example' } }));
    expect(res.status).toBe(200);
  });

  it('also guards authenticate() for the app\'s own routes', async () => {
    const { http } = setup();
    const result = await http.authenticate(request({ method: 'DELETE', headers: { cookie: 'vk_at=x', origin: 'https://evil.example' } }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.response.status, env(result.response).code]).toEqual([403, 'CSRF_REJECTED']);
  });
});
