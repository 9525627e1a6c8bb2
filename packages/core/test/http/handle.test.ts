import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttp } from '../../src/http/handle.js';
import { can } from '../../src/http/authorize.js';
import { env, makeContext, makeHttp, makeUser, request, testOperation, type Seen } from './helpers.js';

const captured: Seen[] = [];
const route = (over: Parameters<typeof testOperation>[0] = {}) => testOperation({ seen: captured, ...over });

const me = route({});
const maybe = route({ path: '/channels/:username', auth: 'optional', input: z.object({ username: z.string() }) });
const needsPermission = route({ path: '/assets', method: 'POST', permission: 'assets:write' });

async function signedIn(made: ReturnType<typeof makeHttp>, role = 'user') {
  const user = await makeUser(made.storage, { role });
  const tokens = await made.tokens.issueSession(user, { ip: null, userAgent: null });
  return { user, tokens, bearer: { authorization: `Bearer ${tokens.accessToken}` } };
}

describe('createHttp', () => {
  it('throws TypeError on a duplicate (method, path), parameters named differently included', () => {
    const { ctx } = makeContext();
    expect(() => createHttp(ctx, [route({ path: '/a' }), route({ path: '/a', name: 'test.other' })])).toThrow(TypeError);
    expect(() => createHttp(ctx, [route({ path: '/users/:id' }), route({ path: '/users/:name' })])).toThrow(TypeError);
    expect(() => createHttp(ctx, [route({ path: '/a' }), route({ path: '/a', method: 'POST' })])).not.toThrow();
    expect(() => createHttp(ctx, [route({ path: 'no-slash' })])).toThrow(TypeError);
  });

  it('exposes prefix and routes', () => {
    const { http } = makeHttp([me], { http: { prefix: '/auth-api' } });
    expect(http.prefix).toBe('/auth-api');
    expect(http.routes.map((r) => [r.method, r.path, r.body, r.operation])).toEqual([['GET', '/me', 'none', me]]);
  });
});

describe('handle: authentication', () => {
  it('answers 401 AUTH_REQUIRED without a token, with WWW-Authenticate', async () => {
    const made = makeHttp([me]);
    const res = await made.handle(me, request({ method: 'GET' }));
    expect([res.status, env(res).code]).toEqual([401, 'AUTH_REQUIRED']);
    expect(res.headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('accepts a Bearer token and builds the AuthContext', async () => {
    const made = makeHttp([me]);
    const { user, tokens, bearer } = await signedIn(made);
    captured.length = 0;
    const res = await made.handle(me, request({ method: 'GET', headers: { ...bearer, 'user-agent': 'ua/1' }, remoteAddress: '::ffff:203.0.113.5' }));
    expect(res.status).toBe(200);
    expect(env(res).data).toEqual({ userId: user.id });
    const ctx = captured[0]!;
    expect(ctx.call.caller).toEqual({ id: user.id, role: 'user', sessionId: tokens.sessionId });
    expect(ctx.call.claims?.sub).toBe(user.id);
    expect(ctx.call.client).toEqual({ ip: '::ffff:203.0.113.5', userAgent: 'ua/1' });
  });

  it('accepts the access cookie (http name vk_at; __Host-vk_at over https)', async () => {
    const made = makeHttp([me]);
    const { tokens } = await signedIn(made);
    expect((await made.handle(me, request({ method: 'GET', headers: { cookie: `vk_at=${tokens.accessToken}` } }))).status).toBe(200);
    const https = request({ method: 'GET', encrypted: true, headers: { cookie: `__Host-vk_at=${tokens.accessToken}` } });
    expect((await made.handle(me, https)).status).toBe(200);
    // Over https the unprefixed name (settable from plain http) is not read.
    const planted = request({ method: 'GET', encrypted: true, headers: { cookie: `vk_at=${tokens.accessToken}` } });
    expect(env(await made.handle(me, planted)).code).toBe('AUTH_REQUIRED');
  });

  it('prefers the Bearer header to the cookie', async () => {
    const made = makeHttp([me]);
    const { tokens } = await signedIn(made);
    const res = await made.handle(me, request({ method: 'GET', headers: { authorization: 'Bearer garbage', cookie: `vk_at=${tokens.accessToken}` } }));
    expect([res.status, env(res).code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('answers TOKEN_EXPIRED for an expired token and INVALID_TOKEN for a revoked one', async () => {
    const made = makeHttp([me]);
    const { user, tokens, bearer } = await signedIn(made);
    await made.tokens.revokeSession({ userId: user.id, sessionId: tokens.sessionId, reason: 'logout' });
    expect(env(await made.handle(me, request({ method: 'GET', headers: bearer }))).code).toBe('INVALID_TOKEN');
    const fresh = await signedIn(made);
    made.clock.advance(16 * 60_000);
    const res = await made.handle(me, request({ method: 'GET', headers: fresh.bearer }));
    expect([res.status, env(res).code]).toEqual([401, 'TOKEN_EXPIRED']);
  });

  it('optional routes: no token is fine, a bad one is still 401', async () => {
    const made = makeHttp([maybe]);
    captured.length = 0;
    const anon = await made.handle(maybe, request({ method: 'GET', params: { username: 'x' } }));
    expect(anon.status).toBe(200);
    expect(captured[0]!.call.caller).toBeNull();
    expect(captured[0]!.input).toEqual({ username: 'x' });
    const bad = await made.handle(maybe, request({ method: 'GET', params: { username: 'x' }, headers: { authorization: 'Bearer nope' } }));
    expect([bad.status, env(bad).code]).toEqual([401, 'INVALID_TOKEN']);
    const { user, bearer } = await signedIn(made);
    expect(env(await made.handle(maybe, request({ method: 'GET', params: { username: 'x' }, headers: bearer }))).data).toEqual({ userId: user.id });
  });

  it('checks a route permission against the role table', async () => {
    const made = makeHttp([needsPermission], { roles: { user: ['profile:read'], admin: ['*'], author: ['assets:write'] } });
    const plain = await signedIn(made);
    expect(env(await made.handle(needsPermission, request({ headers: plain.bearer }))).code).toBe('FORBIDDEN');
    const author = await signedIn(made, 'author');
    expect((await made.handle(needsPermission, request({ headers: author.bearer }))).status).toBe(200);
  });

  it('authenticate() for the app\'s own routes: ok with a token, a 401 response without', async () => {
    const made = makeHttp([]);
    const { user, bearer } = await signedIn(made);
    const ok = await made.http.authenticate(request({ method: 'GET', headers: bearer }));
    expect(ok.ok && ok.auth.userId).toBe(user.id);
    const missing = await made.http.authenticate(request({ method: 'GET' }));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect([missing.response.status, (missing.response.body as { code: string }).code]).toEqual([401, 'AUTH_REQUIRED']);
    expect(made.http.authorize(ok.ok ? ok.auth : (null as never), 'profile:read')).toBe(true);
    expect(made.http.authorize(ok.ok ? ok.auth : (null as never), 'admin')).toBe(false);
  });
});

describe('handle: order', () => {
  it('rate-limits before authenticating, and authenticates before reading the body', async () => {
    const guarded = route({ method: 'POST', path: '/guarded', rateLimit: 'general', input: z.object({ a: z.string() }) });
    const made = makeHttp([guarded], { rateLimits: { policies: { general: { points: 1, duration: '1m' } } } });
    const first = await made.handle(guarded, request({ body: '{broken', headers: { 'content-type': 'application/json' } }));
    expect([first.status, env(first).code]).toEqual([401, 'AUTH_REQUIRED']);
    const second = await made.handle(guarded, request({ body: '{broken', headers: { 'content-type': 'application/json' } }));
    expect(second.status).toBe(429);
  });
});

describe('can', () => {
  const roles = { user: ['profile:read'], admin: ['*'], editor: ['assets:write'] };
  it('grants listed permissions, "*" and the role name itself; refuses unknown roles', () => {
    expect(can(roles, 'user', 'profile:read')).toBe(true);
    expect(can(roles, 'user', 'assets:write')).toBe(false);
    expect(can(roles, 'admin', 'anything:at-all')).toBe(true);
    expect(can(roles, 'editor', 'editor')).toBe(true);
    expect(can(roles, 'user', 'admin')).toBe(false);
    expect(can(roles, 'ghost', 'ghost')).toBe(false);
    expect(can(roles, 'constructor', 'profile:read')).toBe(false);
  });
});
