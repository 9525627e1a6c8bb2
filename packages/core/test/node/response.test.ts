import { once } from 'node:events';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VaultResponse } from '../../src/index.js';
import { JSON_CONTENT_TYPE, serializeBody, writeVaultResponse } from '../../src/node/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Serves `respond` once on loopback and returns the raw answer (header lines as sent). */
async function exchange(respond: (res: ServerResponse) => void): Promise<{ res: IncomingMessage; body: string }> {
  const server = createServer((_req, res) => respond(res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()));
  const { port } = server.address() as AddressInfo;
  const [res] = (await once(get(`http://127.0.0.1:${port}/`), 'response')) as [IncomingMessage];
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return { res, body };
}

const session = (): VaultResponse => ({
  status: 201,
  headers: { 'Cache-Control': 'no-store', 'Set-Cookie': ['vk_at=a; Path=/; HttpOnly', 'vk_rt=r; Path=/api/v1/auth; HttpOnly'] },
  body: { status: 'success', data: { note: 'é' } },
});

describe('node glue: writing a response', () => {
  it('writeVaultResponse - status, every Set-Cookie on its own line, JSON type and exact length (not chunked)', async () => {
    const { res, body } = await exchange((out) => writeVaultResponse(out, session()));
    expect(res.statusCode).toBe(201);
    expect(res.headers['set-cookie']).toEqual(['vk_at=a; Path=/; HttpOnly', 'vk_rt=r; Path=/api/v1/auth; HttpOnly']);
    expect(res.headers['content-type']).toBe(JSON_CONTENT_TYPE);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toEqual({ status: 'success', data: { note: 'é' } });
  });

  it("writeVaultResponse - headers the app set before are kept (CORS, helmet); the vault's win on a clash", async () => {
    const { res } = await exchange((out) => {
      out.setHeader('Access-Control-Allow-Origin', 'https://app.example');
      out.setHeader('Cache-Control', 'public, max-age=60');
      writeVaultResponse(out, session());
    });
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('writeVaultResponse - one writeHead with every header and one end, nothing else', () => {
    const out = { headersSent: false, writeHead: vi.fn(), end: vi.fn(), setHeader: vi.fn(), write: vi.fn() };
    const response = session();
    writeVaultResponse(out as unknown as ServerResponse, response);
    expect(out.writeHead).toHaveBeenCalledTimes(1);
    expect(out.writeHead).toHaveBeenCalledWith(201, expect.objectContaining({ 'Set-Cookie': response.headers['Set-Cookie'], 'Content-Type': JSON_CONTENT_TYPE }));
    expect(out.end).toHaveBeenCalledExactlyOnceWith(serializeBody(response));
    expect(out.setHeader).not.toHaveBeenCalled();
    expect(out.write).not.toHaveBeenCalled();
  });

  it('writeVaultResponse - no body: an empty answer with length 0; after the headers went out: only end', async () => {
    const { res, body } = await exchange((out) => writeVaultResponse(out, { status: 200, headers: {}, body: undefined }));
    expect([res.statusCode, res.headers['content-length'], body]).toEqual([200, '0', '']);
    const sent = { headersSent: true, writeHead: vi.fn(), end: vi.fn() };
    writeVaultResponse(sent as unknown as ServerResponse, session());
    expect(sent.writeHead).not.toHaveBeenCalled();
    expect(sent.end).toHaveBeenCalledExactlyOnceWith();
  });
});
