import { describe, expect } from 'vitest';
import { expectError, PASSWORD, uniqueEmail } from '../flows.js';
import type { SuiteTools } from '../suite.js';

/** Routing, the envelopes and body handling shared by every route. */
export function envelopeSuite({ start, route }: SuiteTools): void {
  describe('envelope', () => {
    route()('GET <prefix>/unknown - 404 envelope for an unknown path under the prefix', async () => {
      const ctx = await start();
      expectError(await ctx.api('GET', '/no/such/route'), 404, 'NOT_FOUND');
      expectError(await ctx.api('POST', '/no-such-route', { json: {} }), 404, 'NOT_FOUND');
    });

    route()('GET <prefix>/openapi.json - the OpenAPI 3.1 document lists every mounted route', async () => {
      const ctx = await start();
      const answer = await ctx.api('GET', '/openapi.json');
      expect(answer.status).toBe(200);
      const doc = answer.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      for (const r of ctx.vault.http.routes) {
        const path = `${ctx.vault.http.prefix}${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
        expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${path}`).toBeDefined();
      }
    });

    route('GET /admin/users/:id')('GET /admin/users/:id - malformed percent-encoding in a path parameter is the 400 envelope', async () => {
      const ctx = await start();
      const answer = await ctx.api('GET', '/admin/users/%zz');
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 'error', code: 'BAD_REQUEST' });
    });

    route('POST /auth/login')('DELETE /auth/login - a known path with another method is the 404 envelope', async () => {
      const ctx = await start();
      expectError(await ctx.api('DELETE', '/auth/login'), 404, 'NOT_FOUND');
    });

    route('POST /auth/login')('POST /auth/login - malformed JSON is 400 BAD_REQUEST', async () => {
      const ctx = await start();
      const answer = await ctx.api('POST', '/auth/login', { body: '{"identifier": ', headers: { 'content-type': 'application/json' } });
      expectError(answer, 400, 'BAD_REQUEST');
    });

    route('POST /auth/login')('POST /auth/login - a non-JSON content type is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const ctx = await start();
      const answer = await ctx.api('POST', '/auth/login', { body: 'identifier=a&password=b', headers: { 'content-type': 'text/plain' } });
      expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    route('POST /auth/login')('POST /auth/login - a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
      const ctx = await start();
      const json = { identifier: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) };
      // Several in a row: the answer always arrives (no connection reset), and a body too large
      // to drain closes its connection instead of being swallowed.
      for (let i = 0; i < 3; i++) {
        const answer = await ctx.api('POST', '/auth/login', { json });
        expectError(answer, 413, 'PAYLOAD_TOO_LARGE');
        expect(answer.headers.get('connection')).toBe('close');
      }
      expectError(await ctx.api('POST', '/auth/login', { json: { identifier: 'a@b.test', password: 'short one' } }), 401, 'INVALID_CREDENTIALS');
    });

    route('POST /auth/login')('POST /auth/login - a __proto__ key in the body is refused with 400', async () => {
      const ctx = await start();
      const body = '{"identifier":"a@b.test","password":"x","__proto__":{"polluted":true}}';
      const answer = await ctx.api('POST', '/auth/login', { body, headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(400);
      expect(answer.body.status).toBe('error');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    route('POST /auth/register')('POST /auth/register - 400 VALIDATION_FAILED names the invalid field in details[].path', async () => {
      const ctx = await start();
      const answer = await ctx.api('POST', '/auth/register', { json: { email: 'not-an-email', password: PASSWORD } });
      expectError(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.details).toEqual(expect.arrayContaining([{ path: 'email', message: expect.any(String) }]));
      expect((await ctx.vault.storage.users.list({ page: 1, limit: 10 })).total).toBe(0);
    });

    route('POST /auth/register')('POST /auth/register - a password under the policy is 400 on details[].path "password"', async () => {
      const ctx = await start();
      const email = uniqueEmail();
      const answer = await ctx.api('POST', '/auth/register', { json: { email, password: 'short' } });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'password' })]));
      expect(await ctx.vault.storage.users.findByEmail(email)).toBeNull();
    });

    route('POST /auth/register')('POST /auth/register - wrong types are 400 with the field path, never 500', async () => {
      const ctx = await start();
      const answer = await ctx.api('POST', '/auth/register', { json: { email: 42, password: ['x'], username: { a: 1 } } });
      expectError(answer, 400, 'VALIDATION_FAILED');
      expect(answer.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['email', 'password']));
    });

    route('POST /auth/register')('POST /auth/register - a JSON array or scalar body is 400', async () => {
      const ctx = await start();
      for (const body of ['[]', '"text"', '42', 'null']) {
        const answer = await ctx.api('POST', '/auth/register', { body, headers: { 'content-type': 'application/json' } });
        expect({ body, status: answer.status, envelope: answer.body?.status }).toEqual({ body, status: 400, envelope: 'error' });
      }
      expect((await ctx.vault.storage.users.list({ page: 1, limit: 10 })).total).toBe(0);
    });

    route('POST /auth/login')('POST /auth/login - the JSON answer is application/json with the error envelope only', async () => {
      const ctx = await start();
      const answer = await ctx.api('POST', '/auth/login', { json: { identifier: uniqueEmail(), password: PASSWORD } });
      expectError(answer, 401, 'INVALID_CREDENTIALS');
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'message', 'status']);
    });
  });
}
