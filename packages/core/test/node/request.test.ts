import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toAuthRequest, toVaultRequest } from '../../src/node/index.js';

/** What the glue reads from Node's request: method, url, headers and the socket. */
function nodeRequest(init: { url: string; encrypted?: boolean }): IncomingMessage {
  const socket = { remoteAddress: '203.0.113.7', ...(init.encrypted ? { encrypted: true } : {}) };
  return { method: 'POST', url: init.url, headers: { 'content-type': 'application/json', cookie: 'vk_at=x' }, socket } as unknown as IncomingMessage;
}

describe('node glue: reading a request', () => {
  it('toVaultRequest - method, headers, socket peer and TLS flag, query parsed from req.url, params copied', () => {
    const req = nodeRequest({ url: '/api/v1/admin/users/42?page=2&role=a&role=b', encrypted: true });
    const params = Object.assign(Object.create(null) as object, { id: '42' });
    const body = Readable.from([]);
    const request = toVaultRequest(req, params, body);
    expect(request).toEqual({
      method: 'POST',
      params: { id: '42' },
      query: { page: '2', role: ['a', 'b'] },
      headers: req.headers,
      body,
      remoteAddress: '203.0.113.7',
      encrypted: true,
    });
    // A plain object (the framework's may have no prototype), and not the framework's own.
    expect(Object.getPrototypeOf(request.params)).toBe(Object.prototype);
    expect(request.params).not.toBe(params);
    expect(request.headers).toBe(req.headers);
  });

  it('toVaultRequest - plain http, no params, no body, no query', () => {
    const request = toVaultRequest(nodeRequest({ url: '/api/v1/users/me' }), undefined, null);
    expect(request).toMatchObject({ params: {}, query: {}, body: null, encrypted: false });
    // @see issue 13: a route without params or query string shares the frozen empty objects.
    const again = toVaultRequest(nodeRequest({ url: '/api/v1/users/me' }), undefined, null);
    expect(again.params).toBe(request.params);
    expect(again.query).toBe(request.query);
    expect(Object.isFrozen(request.query)).toBe(true);
  });

  it("toAuthRequest - headers and socket only: the app's params, query and body are never read", () => {
    const first = toAuthRequest(nodeRequest({ url: '/app/posts/9?draft=1' }));
    const second = toAuthRequest(nodeRequest({ url: '/app/other' }));
    expect(first).toMatchObject({ method: 'POST', params: {}, query: {}, body: null, remoteAddress: '203.0.113.7', encrypted: false });
    // The hot path (every protected request) allocates no empty objects: one frozen, shared pair.
    expect(first.params).toBe(second.params);
    expect(first.query).toBe(second.query);
    expect(Object.isFrozen(first.params)).toBe(true);
  });
});
