import { once } from 'node:events';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discardBody, MAX_DRAIN_BYTES, MAX_JSON_BODY_BYTES, readJsonBody } from '../../src/http/body.js';
import { env, makeHttp, request, testOperation, type Seen } from './helpers.js';

const json = { 'content-type': 'application/json' };

describe('readJsonBody', () => {
  it('parses JSON and ignores the charset; +json types are JSON too', async () => {
    await expect(readJsonBody(request({ body: '{"a":1}', headers: { 'content-type': 'application/json; charset=UTF-8' } }))).resolves.toEqual({ a: 1 });
    await expect(readJsonBody(request({ body: '{"a":2}', headers: { 'content-type': 'application/merge-patch+json' } }))).resolves.toEqual({ a: 2 });
  });

  it('answers {} for an empty body, whatever the content type', async () => {
    await expect(readJsonBody(request({ body: null }))).resolves.toEqual({});
    await expect(readJsonBody(request({ body: '', headers: { 'content-type': 'text/plain' } }))).resolves.toEqual({});
  });

  it('refuses malformed JSON with 400 BAD_REQUEST', async () => {
    await expect(readJsonBody(request({ body: '{"a":', headers: json }))).rejects.toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('refuses another content type with 415', async () => {
    await expect(readJsonBody(request({ body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }))).rejects.toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    await expect(readJsonBody(request({ body: '{"a":1}', headers: {} }))).rejects.toMatchObject({ status: 415 });
    await expect(readJsonBody(request({ body: '{"a":1}', headers: { ...json, 'content-encoding': 'gzip' } }))).rejects.toMatchObject({ status: 415 });
  });

  it('refuses a body over 100 KiB with 413 and stops buffering (streamed, no content-length)', async () => {
    let pulled = 0;
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(pulled > 1000 ? null : chunk);
      },
    });
    const req = { headers: json, body: endless };
    await expect(readJsonBody(req)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(pulled).toBeLessThan(20); // stopped reading at the limit
    // The caller discards the rest unbuffered; a chunked body past the drain cap is destroyed.
    expect(discardBody(req)).toBe(true);
    if (!endless.destroyed) await once(endless, 'close');
    expect(endless.destroyed).toBe(true);
    expect(pulled).toBeLessThan(200);
  });

  it('discardBody - a body that declares more than the drain cap is not read: the answer closes the connection', () => {
    let pulled = 0;
    const big = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024));
      },
    });
    expect(discardBody({ headers: { ...json, 'content-length': String(MAX_DRAIN_BYTES + 1) }, body: big })).toBe(false);
    expect(big.destroyed).toBe(false);
    expect(pulled).toBe(0);
    const small = Readable.from([Buffer.from('{}')]);
    expect(discardBody({ headers: { ...json, 'content-length': '2' }, body: small })).toBe(true);
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    const body = new Readable({ read() {} });
    await expect(readJsonBody({ headers: { ...json, 'content-length': String(MAX_JSON_BODY_BYTES + 1) }, body })).rejects.toMatchObject({ status: 413 });
  });

  it('accepts a body of exactly the limit', async () => {
    const text = `"${'x'.repeat(MAX_JSON_BODY_BYTES - 2)}"`;
    await expect(readJsonBody(request({ body: text, headers: json }))).resolves.toHaveLength(MAX_JSON_BODY_BYTES - 2);
  });

  it('refuses prototype-polluting keys, nested too, and pollutes nothing', async () => {
    for (const text of ['{"__proto__":{"polluted":true}}', '{"a":[{"b":{"__proto__":{"polluted":true}}}]}', '{"constructor":{"prototype":{"polluted":true}}}', '{"\\u005f_proto__":{"polluted":true}}']) {
      await expect(readJsonBody(request({ body: text, headers: json }))).rejects.toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives deeply nested JSON', async () => {
    const deep = `${'['.repeat(40_000)}${']'.repeat(40_000)}`;
    await expect(readJsonBody(request({ body: deep, headers: json }))).resolves.toBeInstanceOf(Array);
  });
});

describe('handle: body', () => {
  const seen: Seen[] = [];
  const echo = testOperation({
    method: 'POST',
    path: '/echo',
    auth: 'public',
    input: z.object({ name: z.string().optional() }),
    output: { 200: z.object({ name: z.string().optional() }) },
    run: async (_vault, input, call) => {
      seen.push({ input, call });
      return input;
    },
  });

  it('answers 400, 413 and 415 envelopes without running the operation', async () => {
    const { handle } = makeHttp([echo]);
    const bad = await handle(echo, request({ body: '{nope', headers: json }));
    expect([bad.status, env(bad).code, env(bad).status]).toEqual([400, 'BAD_REQUEST', 'error']);
    const big = await handle(echo, request({ body: Buffer.alloc(MAX_JSON_BODY_BYTES + 10, 0x20), headers: json }));
    expect([big.status, env(big).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const type = await handle(echo, request({ body: '<a/>', headers: { 'content-type': 'text/xml' } }));
    expect([type.status, env(type).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(seen).toEqual([]);
  });

  it('makes prototype-pollution keys harmless', async () => {
    const { handle } = makeHttp([echo]);
    const res = await handle(echo, request({ body: '{"name":"x","__proto__":{"isAdmin":true}}', headers: json }));
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('drains the body of an operation without input', async () => {
    const inputs: Seen[] = [];
    const nobody = testOperation({
      method: 'POST',
      path: '/nobody',
      auth: 'public',
      output: { 200: z.object({}) },
      run: async (_vault, input, call) => {
        inputs.push({ input, call });
        return {};
      },
    });
    const made = makeHttp([nobody]);
    expect(made.http.routes[0]!.body).toBe('none');
    const req = request({ body: 'not json at all', headers: { 'content-type': 'text/plain' } });
    const res = await made.handle(nobody, req);
    expect(res.status).toBe(200);
    expect(env(res).data).toEqual({});
    expect(inputs.map((s) => s.input)).toEqual([undefined]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(req.body!.readableEnded).toBe(true);
  });
});
