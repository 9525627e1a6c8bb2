import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Authentication, VaultHttp, VaultResponse } from '../../src/http/types.js';
import { authenticateRequest } from '../../src/node/index.js';

const req = { method: 'GET', url: '/app', headers: {}, socket: { remoteAddress: '203.0.113.7' } } as unknown as IncomingMessage;
const rendered: VaultResponse = { status: 500, headers: {}, body: { status: 'error', code: 'INTERNAL_ERROR', message: 'Something went wrong' } };

function httpWith(authenticate: VaultHttp['authenticate']): VaultHttp {
  return { authenticate, renderError: () => rendered } as unknown as VaultHttp;
}

/** @see issue 13: the adapters hand their continuation in, one promise step fewer per protected request. */
describe('node glue: authenticating an app route', () => {
  const ok: Authentication = { ok: true, auth: { userId: 'u', role: 'user', sessionId: 's', claims: {} as never } };

  it('resolves with the result, or with what `then` makes of it', async () => {
    const http = httpWith(async () => ok);
    await expect(authenticateRequest(http, req)).resolves.toBe(ok);
    await expect(authenticateRequest(http, req, (result) => (result.ok ? result.auth.userId : 'no'))).resolves.toBe('u');
  });

  it('never rejects: a rejecting or throwing `authenticate` becomes the rendered envelope, handed to `then` too', async () => {
    const failure = { ok: false, response: rendered };
    for (const http of [httpWith(() => Promise.reject(new Error('boom'))), httpWith(() => { throw new Error('boom'); })]) {
      await expect(authenticateRequest(http, req)).resolves.toEqual(failure);
      await expect(authenticateRequest(http, req, (result) => result)).resolves.toEqual(failure);
    }
  });

  it('a throw inside `then` rejects (the adapter sends it to its framework error path)', async () => {
    const http = httpWith(async () => ok);
    await expect(
      authenticateRequest(http, req, () => {
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
  });
});
