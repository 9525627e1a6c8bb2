import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie, tokenCookieNames } from '../../src/http/cookies.js';
import { messageJson, sessionJson } from '../../src/operations/effects.js';
import { messageShape, sessionShape } from '../../src/operations/shapes.js';
import { env, makeHttp, makeUser, request, testOperation } from './helpers.js';

const signIn = testOperation({
  method: 'POST',
  path: '/auth/login',
  auth: 'public',
  output: { 200: sessionShape },
  async run(vault, _input, call) {
    const user = await makeUser(vault.storage, { name: 'Ada' });
    return sessionJson({ user, tokens: await vault.tokens.issueSession(user, call.client) });
  },
});
const logout = testOperation({
  method: 'POST',
  path: '/auth/logout',
  auth: 'user',
  output: { 200: messageShape },
  run: async () => messageJson('Logged out', { clearSession: true }),
});

const setCookies = (headers: Record<string, string | string[]>) => (headers['Set-Cookie'] ?? []) as string[];
const operations = [signIn, logout];

describe('cookies', () => {
  it('parses a Cookie header (first value wins, decoded, quotes removed)', () => {
    expect({ ...parseCookies('a=1; b="two"; a=3; c=%7Bx%7D; bad; d=%E0%A4%A') }).toEqual({ a: '1', b: 'two', c: '{x}', d: '%E0%A4%A' });
    expect(Object.getPrototypeOf(parseCookies('__proto__=x'))).toBeNull();
  });

  it('names the cookies per transport, keeping __Host-/__Secure- for configured names', () => {
    expect(tokenCookieNames(true, '/api/v1', {})).toEqual({
      access: { name: '__Host-vk_at', path: '/' },
      refresh: { name: '__Secure-vk_rt', path: '/api/v1/auth' },
      secure: true,
    });
    expect(tokenCookieNames(false, '/api/v1', {})).toMatchObject({ access: { name: 'vk_at' }, refresh: { name: 'vk_rt', path: '/api/v1/auth' } });
    expect(tokenCookieNames(true, '/x', { accessName: 'at', refreshName: 'rt' })).toMatchObject({ access: { name: '__Host-at' }, refresh: { name: '__Secure-rt' } });
  });

  it('serializes HttpOnly, SameSite=Lax, Max-Age in seconds, Secure over https', () => {
    expect(serializeCookie('vk_at', 'a b', { path: '/', maxAge: 900, secure: false })).toBe('vk_at=a%20b; Path=/; Max-Age=900; HttpOnly; SameSite=Lax');
    expect(serializeCookie('__Host-vk_at', 'x', { path: '/', maxAge: 900, secure: true })).toMatch(/; Secure$/);
  });
});

describe('handle: session answers', () => {
  it('answers data { user, accessToken, refreshToken, expiresIn } plus both cookies and no-store (plain http)', async () => {
    const made = makeHttp(operations);
    const res = await made.handle(signIn, request({ body: null }));
    expect(res.status).toBe(200);
    expect(res.headers['Cache-Control']).toBe('no-store');
    const data = env(res).data;
    expect(Object.keys(data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    expect(data.expiresIn).toBe(900);
    expect(Object.keys(data.user).sort()).toEqual(
      ['avatarUrl', 'bio', 'coverUrl', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'role', 'twoFactorEnabled', 'updatedAt', 'username'].sort(),
    );
    expect(JSON.stringify(data.user)).not.toContain('passwordHash');
    const [access, refresh] = setCookies(res.headers);
    expect(access).toBe(`vk_at=${data.accessToken}; Path=/; Max-Age=900; HttpOnly; SameSite=Lax`);
    expect(refresh).toBe(`vk_rt=${data.refreshToken}; Path=/api/v1/auth; Max-Age=${7 * 86_400}; HttpOnly; SameSite=Lax`);
  });

  it('uses __Host-/__Secure- names and Secure over https, X-Forwarded-Proto only under trustProxy', async () => {
    const made = makeHttp(operations);
    const tls = setCookies((await made.handle(signIn, request({ encrypted: true }))).headers);
    expect(tls[0]).toMatch(/^__Host-vk_at=.*; Path=\/; .*; Secure$/);
    expect(tls[1]).toMatch(/^__Secure-vk_rt=.*; Path=\/api\/v1\/auth; .*; Secure$/);
    const spoofed = setCookies((await made.handle(signIn, request({ headers: { 'x-forwarded-proto': 'https' } }))).headers);
    expect(spoofed[0]).toMatch(/^vk_at=/);
    const proxied = makeHttp(operations, { http: { trustProxy: true } });
    const viaProxy = setCookies((await proxied.handle(signIn, request({ headers: { 'x-forwarded-proto': 'https' } }))).headers);
    expect(viaProxy[0]).toMatch(/^__Host-vk_at=.*Secure$/);
  });

  it('honours cookies.secure true/false and configured names', async () => {
    const forced = makeHttp(operations, { http: { cookies: { secure: true, accessName: 'my_at', refreshName: 'my_rt' } } });
    const cookies = setCookies((await forced.handle(signIn, request())).headers);
    expect(cookies[0]).toMatch(/^__Host-my_at=.*Secure$/);
    expect(cookies[1]).toMatch(/^__Secure-my_rt=/);
    const off = makeHttp(operations, { http: { cookies: { secure: false } } });
    expect(setCookies((await off.handle(signIn, request({ encrypted: true }))).headers)[0]).toMatch(/^vk_at=.*SameSite=Lax$/);
  });

  it('tokenTransport cookie keeps the tokens out of the body; body sets no cookies', async () => {
    const cookieOnly = makeHttp(operations, { http: { tokenTransport: 'cookie' } });
    const a = await cookieOnly.handle(signIn, request());
    expect(Object.keys(env(a).data).sort()).toEqual(['expiresIn', 'user']);
    expect(setCookies(a.headers)).toHaveLength(2);
    const bodyOnly = makeHttp(operations, { http: { tokenTransport: 'body' } });
    const b = await bodyOnly.handle(signIn, request());
    expect(env(b).data.accessToken).toEqual(expect.any(String));
    expect(b.headers['Set-Cookie']).toBeUndefined();
  });

  it('clearSession expires both cookies with the same Path and attributes', async () => {
    const made = makeHttp(operations);
    const login = await made.handle(signIn, request({ encrypted: true }));
    const token = env(login).data.accessToken as string;
    const res = await made.handle(logout, request({ encrypted: true, headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    expect(env(res)).toEqual({ status: 'success', data: { message: 'Logged out' }, message: 'Logged out' });
    const [access, refresh] = setCookies(res.headers);
    expect(access).toMatch(/^__Host-vk_at=; Path=\/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure$/);
    expect(refresh).toMatch(/^__Secure-vk_rt=; Path=\/api\/v1\/auth; Max-Age=0;.*Secure$/);
  });

  it('a token from a session answer authenticates the next request through the cookie', async () => {
    const made = makeHttp(operations);
    const login = await made.handle(signIn, request());
    const cookieHeader = setCookies(login.headers)
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await made.handle(logout, request({ headers: { cookie: cookieHeader } }));
    expect(res.status).toBe(200);
  });
});
