import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateInput } from '../../src/http/validate.js';
import { env, makeHttp, request, testOperation, type Seen } from './helpers.js';

const seen: Seen[] = [];
const register = testOperation({
  method: 'POST',
  path: '/auth/register',
  auth: 'public',
  input: z.object({ email: z.email(), password: z.string().min(8), name: z.string().optional() }),
  seen,
});
const patchUser = testOperation({
  method: 'PATCH',
  path: '/users/:id',
  auth: 'public',
  input: z.object({ id: z.string(), name: z.string() }),
  seen,
});

describe('validateInput', () => {
  it('reports every issue with its path', () => {
    const schema = z.object({ id: z.uuid(), page: z.coerce.number().int().min(1), email: z.email(), profile: z.object({ bio: z.string().max(3) }) });
    let error: unknown = null;
    try {
      validateInput(schema, { id: 'x', page: '0', email: 'nope', profile: { bio: 'long' } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const paths = (error as { details: { path: string; message: string }[] }).details.map((d) => d.path);
    expect(paths.sort()).toEqual(['email', 'id', 'page', 'profile.bio']);
  });

  it('coerces', () => {
    expect(validateInput(z.object({ page: z.coerce.number() }), { page: '3' })).toEqual({ page: 3 });
  });
});

describe('handle: validation', () => {
  it('answers 400 VALIDATION_FAILED with details and does not run the operation', async () => {
    const made = makeHttp([register]);
    seen.length = 0;
    const res = await made.handle(register, request({ body: { email: 'not-an-email', password: 'short' } }));
    expect(res.status).toBe(400);
    expect(env(res)).toMatchObject({ status: 'error', code: 'VALIDATION_FAILED' });
    expect(env(res).details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
    expect(typeof env(res).details[0].message).toBe('string');
    expect(seen).toEqual([]);
  });

  it('strips unknown fields: role on register never reaches the operation', async () => {
    const made = makeHttp([register]);
    seen.length = 0;
    const res = await made.handle(register, request({ body: { email: 'a@example.test', password: 'long enough', role: 'admin', emailVerified: true } }));
    expect(res.status).toBe(200);
    expect(seen[0]!.input).toEqual({ email: 'a@example.test', password: 'long enough' });
  });

  it('merges the path parameters over the body: a body cannot name another id', async () => {
    const made = makeHttp([patchUser]);
    seen.length = 0;
    const res = await made.handle(patchUser, request({ method: 'PATCH', params: { id: 'from-path' }, body: { id: 'from-body', name: 'Ada' } }));
    expect(res.status).toBe(200);
    expect(seen[0]!.input).toEqual({ id: 'from-path', name: 'Ada' });
  });

  it('a body that is not an object is a 400, not a crash', async () => {
    const made = makeHttp([patchUser]);
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const res = await made.handle(patchUser, request({ method: 'PATCH', params: { id: 'x' }, body, headers: { 'content-type': 'application/json' } }));
      expect([res.status, env(res).code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
