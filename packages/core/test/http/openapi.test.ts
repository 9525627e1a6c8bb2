import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../../src/http/types.js';
import { vaultRoutes } from '../../src/routes/index.js';
import { makeHttp } from './helpers.js';

const noop = async () => ({});
const routes: RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    path: '/auth/register',
    auth: 'public',
    rateLimit: 'register',
    body: z.object({ email: z.email(), password: z.string().min(8), name: z.string().optional() }),
    summary: 'Register',
    tags: ['auth'],
    successStatuses: [201, 202],
    handler: noop,
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/users/:id',
    auth: 'admin',
    rateLimit: 'general',
    params: z.object({ id: z.string().min(1) }),
    summary: 'Get a user',
    tags: ['admin'],
    handler: noop,
  }),
  defineRoute({
    method: 'GET',
    path: '/admin/users',
    auth: 'admin',
    rateLimit: null,
    query: z.object({ page: z.coerce.number().int().min(1).default(1), search: z.string().optional(), role: z.string() }),
    summary: 'List users',
    tags: ['admin'],
    handler: noop,
  }),
  defineRoute({ method: 'GET', path: '/channels/:username', auth: 'optional', rateLimit: 'general', summary: 'Channel', tags: ['channels'], handler: noop }),
];

type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, any>>; components: Record<string, any> };

describe('openapi', () => {
  const { http } = makeHttp(routes);
  const doc = http.openapi() as Doc;

  it('is an OpenAPI 3.1 document titled vaultkit that survives JSON', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('vaultkit');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(http.openapi()).toBe(doc);
  });

  it('lists every route under the prefix with {param} syntax', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/admin/users', '/api/v1/admin/users/{id}', '/api/v1/auth/register', '/api/v1/channels/{username}']);
    expect(Object.keys(doc.paths['/api/v1/auth/register']!)).toEqual(['post']);
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(routes.length);
  });

  it('derives the request body and parameters from the zod schemas', () => {
    const register = doc.paths['/api/v1/auth/register']!.post;
    const schema = register.requestBody.content['application/json'].schema;
    expect(register.requestBody.required).toBe(true);
    expect(schema).toMatchObject({ type: 'object', properties: { email: { type: 'string', format: 'email' }, password: { minLength: 8 } } });
    expect(schema.required.sort()).toEqual(['email', 'password']);
    expect(schema).not.toHaveProperty('$schema');
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '202', '400', '429']));
    expect(register.security).toBeUndefined();

    const byId = doc.paths['/api/v1/admin/users/{id}']!.get;
    expect(byId.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }]);
    const list = doc.paths['/api/v1/admin/users']!.get;
    expect(list.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required])).toEqual([
      ['page', 'query', false],
      ['search', 'query', false],
      ['role', 'query', true],
    ]);
    expect(list.responses).not.toHaveProperty('429');
  });

  it('declares bearer + cookie security for user/admin routes and optional security for optional ones', () => {
    const byId = doc.paths['/api/v1/admin/users/{id}']!.get;
    expect(byId.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(Object.keys(byId.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
    expect(doc.paths['/api/v1/channels/{username}']!.get.security).toContainEqual({});
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-vk_at' });
  });

  it('defines the envelopes in components and references resolve', () => {
    expect(doc.components.schemas.SuccessEnvelope.properties.status).toEqual({ const: 'success' });
    expect(doc.components.schemas.ErrorEnvelope.properties.code.enum).toContain('RATE_LIMITED');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, section, name] of refs) expect(doc.components[section!]).toHaveProperty(name!);
  });

  it('covers every route of the real route table', () => {
    const real = makeHttp([...vaultRoutes]).http.openapi() as Doc;
    for (const route of vaultRoutes) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(real.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(JSON.parse(JSON.stringify(real))).toEqual(real);
  });
});
