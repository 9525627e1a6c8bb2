import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from '../../src/http/types.js';
import { validateInput } from '../../src/http/validate.js';
import { env, makeHttp, request } from './helpers.js';

const register = defineRoute({
  method: 'POST',
  path: '/auth/register',
  auth: 'public',
  rateLimit: null,
  body: z.object({ email: z.email(), password: z.string().min(8), name: z.string().optional() }),
  summary: 'register',
  tags: ['auth'],
  handler: async (ctx) => ({ status: 202, data: ctx.body }),
});

describe('validateInput', () => {
  it('reports every issue of every part with its path', () => {
    const route = {
      params: z.object({ id: z.string().uuid() }),
      query: z.object({ page: z.coerce.number().int().min(1) }),
      body: z.object({ email: z.email(), profile: z.object({ bio: z.string().max(3) }) }),
    };
    let error: unknown = null;
    try {
      validateInput(route, { params: { id: 'x' }, query: { page: '0' }, body: { email: 'nope', profile: { bio: 'long' } } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const paths = (error as { details: { path: string; message: string }[] }).details.map((d) => d.path);
    expect(paths.sort()).toEqual(['email', 'id', 'page', 'profile.bio']);
  });

  it('coerces and passes parts without a schema through', () => {
    const out = validateInput({ query: z.object({ page: z.coerce.number() }) }, { params: { id: '7' }, query: { page: '3' }, body: undefined });
    expect(out).toEqual({ params: { id: '7' }, query: { page: 3 }, body: {} });
  });
});

describe('handle: validation', () => {
  it('answers 400 VALIDATION_FAILED with details and does not run the handler', async () => {
    const { http } = makeHttp([register]);
    const res = await http.handle(register, request({ body: { email: 'not-an-email', password: 'short' } }));
    expect(res.status).toBe(400);
    expect(env(res)).toMatchObject({ status: 'error', code: 'VALIDATION_FAILED' });
    expect(env(res).details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
    expect(typeof env(res).details[0].message).toBe('string');
  });

  it('strips unknown fields: role on register never reaches the handler', async () => {
    const { http } = makeHttp([register]);
    const res = await http.handle(register, request({ body: { email: 'a@example.test', password: 'long enough', role: 'admin', emailVerified: true } }));
    expect(res.status).toBe(202);
    expect(env(res).data).toEqual({ email: 'a@example.test', password: 'long enough' });
  });
});
