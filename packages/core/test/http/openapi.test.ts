import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_TABLE } from '../../src/errors/codes.js';
import { vaultOperations } from '../../src/operations/index.js';
import { makeHttp, testOperation } from './helpers.js';

const created = z.object({ id: z.string() });
const operations = [
  testOperation({
    method: 'POST',
    path: '/auth/register',
    auth: 'public',
    rateLimit: 'register',
    input: z.object({ email: z.email(), password: z.string().min(8), name: z.string().optional() }),
    output: { 201: created, 202: z.object({ message: z.string() }) },
    errors: ['CONFLICT'],
  }),
  testOperation({ path: '/admin/users/:id', permission: 'users:manage', rateLimit: 'general', input: z.object({ id: z.string().min(1) }), errors: ['NOT_FOUND'] }),
  testOperation({
    path: '/admin/users',
    permission: 'users:manage',
    input: z.object({ page: z.coerce.number().int().min(1).default(1), search: z.string().optional(), role: z.string() }),
  }),
  testOperation({ path: '/channels/:username', auth: 'optional', rateLimit: 'general', input: z.object({ username: z.string() }) }),
  testOperation({ method: 'PATCH', path: '/things/:id', input: z.object({ id: z.string(), title: z.string() }) }),
];

type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, any>>; components: Record<string, any> };

describe('openapi', () => {
  const { http } = makeHttp(operations);
  const doc = http.openapi() as Doc;

  it('is an OpenAPI 3.1 document titled vaultkit that survives JSON', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('vaultkit');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(http.openapi()).toBe(doc);
  });

  it('lists every route under the prefix with {param} syntax and one operationId each', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/admin/users', '/api/v1/admin/users/{id}', '/api/v1/auth/register', '/api/v1/channels/{username}', '/api/v1/things/{id}']);
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it('derives the request body and parameters from the input schema', () => {
    const register = doc.paths['/api/v1/auth/register']!.post;
    const schema = register.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject({ type: 'object', properties: { email: { type: 'string', format: 'email' }, password: { minLength: 8 } } });
    expect(schema.required.sort()).toEqual(['email', 'password']);
    expect(register.security).toBeUndefined();

    const byId = doc.paths['/api/v1/admin/users/{id}']!.get;
    expect(byId.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }]);
    const list = doc.paths['/api/v1/admin/users']!.get;
    expect(list.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required])).toEqual([
      ['page', 'query', false],
      ['search', 'query', false],
      ['role', 'query', true],
    ]);
    // Path parameters are not body fields.
    const patch = doc.paths['/api/v1/things/{id}']!.patch;
    expect(Object.keys(patch.requestBody.content['application/json'].schema.properties)).toEqual(['title']);
    expect(patch.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('declares each success answer with the schema of its data', () => {
    const register = doc.paths['/api/v1/auth/register']!.post;
    const data201 = register.responses['201'].content['application/json'].schema;
    expect(data201).toMatchObject({ required: ['status', 'data'], properties: { status: { const: 'success' }, data: { type: 'object', properties: { id: { type: 'string' } } } } });
    expect(register.responses['202'].content['application/json'].schema.properties.data.properties).toHaveProperty('message');
  });

  it('declares each error status with the codes the operation can answer', () => {
    const codes = (op: any, status: string): string[] => op.responses[status].content['application/json'].schema.allOf[1].properties.code.enum;
    const register = doc.paths['/api/v1/auth/register']!.post;
    expect(codes(register, '400')).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'BAD_REQUEST']));
    expect(codes(register, '409')).toEqual(['CONFLICT']);
    expect(codes(register, '413')).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codes(register, '429')).toEqual(['RATE_LIMITED']);
    expect(codes(register, '503')).toEqual(['DEPENDENCY_UNAVAILABLE']);
    expect(register.responses).not.toHaveProperty('401');
    const byId = doc.paths['/api/v1/admin/users/{id}']!.get;
    expect(codes(byId, '401')).toEqual(['AUTH_REQUIRED', 'INVALID_TOKEN', 'TOKEN_EXPIRED']);
    expect(codes(byId, '403')).toEqual(['FORBIDDEN']);
    expect(codes(byId, '404')).toEqual(['NOT_FOUND']);
    expect(byId.responses['429'].headers).toHaveProperty('Retry-After');
    expect(doc.paths['/api/v1/admin/users']!.get.responses).not.toHaveProperty('429');
    expect(codes(doc.paths['/api/v1/things/{id}']!.patch, '403')).toEqual(['CSRF_REJECTED']);
  });

  it('declares bearer + cookie security for signed-in routes and optional security for optional ones', () => {
    const byId = doc.paths['/api/v1/admin/users/{id}']!.get;
    expect(byId.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.paths['/api/v1/channels/{username}']!.get.security).toContainEqual({});
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-vk_at' });
  });

  describe('the real operations', () => {
    const real = makeHttp([...vaultOperations]).http.openapi() as Doc;
    const mounted = vaultOperations.filter((op) => op.http);

    it('every route is in the document, with a typed answer for every success status', () => {
      for (const op of mounted) {
        const entry = real.paths[`/api/v1${op.http!.path.replace(/:(\w+)/g, '{$1}')}`]?.[op.http!.method.toLowerCase()];
        expect(entry, op.name).toBeDefined();
        for (const status of Object.keys(op.output)) {
          const data = entry.responses[status].content['application/json'].schema.properties.data;
          expect(data.$ref ?? data.type, `${op.name} ${status}`).toBeDefined();
        }
        for (const [status, answer] of Object.entries<any>(entry.responses)) {
          if (Number(status) < 400 || status === '500') continue;
          for (const code of answer.content['application/json'].schema.allOf[1].properties.code.enum) {
            expect(String(ERROR_TABLE[code as keyof typeof ERROR_TABLE].status), `${op.name} ${code}`).toBe(status);
          }
        }
      }
    });

    it('named shapes (User, Session, …) are components and every $ref resolves', () => {
      expect(real.components.schemas.User.properties).not.toHaveProperty('passwordHash');
      expect(real.components.schemas.Session.properties.user).toEqual({ $ref: '#/components/schemas/User' });
      const refs = [...JSON.stringify(real).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
      expect(refs.length).toBeGreaterThan(10);
      for (const [, section, name] of refs) expect(real.components[section!], name).toHaveProperty(name!);
      expect(JSON.parse(JSON.stringify(real))).toEqual(real);
    });
  });
});
