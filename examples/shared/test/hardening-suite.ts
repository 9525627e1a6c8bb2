/*
 * What both example servers answer at the edge of HTTP (helper, not a test file itself):
 * timeouts, Node's and the framework's own errors in the envelope, only exact paths serving the
 * demo page, and large bodies that are refused without being read.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '@vaultkit/core';
import { DEFAULT_TIMEOUTS } from '../src/settings.js';
import { rawRequest, requestHead, type RawAnswer } from './raw-http.js';
import { useExampleServers, testEnv, type StartServer } from './server-suite.js';

/** The error envelope with a code of the core's table, and nothing of a framework's own shape. */
function expectEnvelope(answer: RawAnswer, status: number, code: keyof typeof ERROR_TABLE): void {
  expect(answer.status, answer.text.slice(0, 200)).toBe(status);
  expect(ERROR_TABLE[code].status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.body).toEqual({ status: 'error', code, message: expect.any(String) });
  expect(answer.text).not.toMatch(/FST_|statusCode|"error":|\bat \//);
}

const LOGIN = '/api/v1/auth/login';

/** Defines the suite for one example server. */
export function hardeningSuite(framework: string, startServer: StartServer): void {
  describe(`${framework} example server at the edge of HTTP`, () => {
    const start = useExampleServers(startServer);

    it('runs with the documented timeouts by default', async () => {
      const { server } = await start();
      expect(server.headersTimeout).toBe(DEFAULT_TIMEOUTS.headersMs);
      expect(server.requestTimeout).toBe(DEFAULT_TIMEOUTS.requestMs);
      expect(server.timeout).toBe(DEFAULT_TIMEOUTS.connectionMs);
      expect(server.keepAliveTimeout).toBe(DEFAULT_TIMEOUTS.keepAliveMs);
    });

    it('answers a body trickled in past REQUEST_TIMEOUT_MS with the 408 envelope and closes', async () => {
      const { port } = await start(testEnv({ REQUEST_TIMEOUT_MS: '600' }));
      const head = requestHead('POST', LOGIN, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      const answer = await rawRequest(port, { head, trickle: { chunk: ' ', everyMs: 100 }, waitMs: 5000 });
      expect(answer.closed).toBe(true);
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(500);
      expect(answer.elapsedMs).toBeLessThan(2500);
      expectEnvelope(answer, 408, 'REQUEST_TIMEOUT');
      expect(answer.headers.connection).toBe('close');
    });

    it('answers headers trickled in past HEADERS_TIMEOUT_MS with the 408 envelope and closes', async () => {
      const { port } = await start(testEnv({ HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '5000' }));
      const answer = await rawRequest(port, { head: 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', trickle: { chunk: 'X-Slow: 1\r\n', everyMs: 100 }, waitMs: 5000 });
      expect(answer.closed).toBe(true);
      expect(answer.elapsedMs).toBeLessThan(2000);
      expectEnvelope(answer, 408, 'REQUEST_TIMEOUT');
    });

    it('closes a connection that stays silent past CONNECTION_TIMEOUT_MS', async () => {
      const { port } = await start(testEnv({ CONNECTION_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '10000' }));
      const head = requestHead('POST', LOGIN, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      const answer = await rawRequest(port, { head, waitMs: 5000 });
      expect(answer.closed).toBe(true);
      expect(answer.elapsedMs).toBeLessThan(2000);
    });

    it('answers Node-level errors in the envelope: headers too large (431), bytes that are not HTTP (400)', async () => {
      const { port } = await start();
      expectEnvelope(await rawRequest(port, { head: requestHead('GET', '/health', { 'X-Big': 'a'.repeat(20_000), Connection: 'close' }) }), 431, 'HEADERS_TOO_LARGE');
      expectEnvelope(await rawRequest(port, { head: 'NOT HTTP AT ALL\r\n\r\n' }), 400, 'BAD_REQUEST');
    });

    it('answers parser errors and odd OPTIONS requests in the envelope, without framework internals', async () => {
      const { port } = await start(testEnv({ TRUSTED_ORIGINS: 'https://app.example' }));
      // `Connection: close`: each answer ends its connection, so nothing waits for a timeout.
      const json = (body: string, type = 'application/json') => ({ 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' });
      expectEnvelope(await rawRequest(port, { head: requestHead('POST', LOGIN, json('{bad')) + '{bad' }), 400, 'BAD_REQUEST');
      const big = JSON.stringify({ identifier: 'a'.repeat(200_000), password: 'x' });
      expectEnvelope(await rawRequest(port, { head: requestHead('POST', LOGIN, json(big)) + big }), 413, 'PAYLOAD_TOO_LARGE');
      // An OPTIONS that is no preflight, with a body no parser takes: the 404 of any other path.
      expectEnvelope(await rawRequest(port, { head: requestHead('OPTIONS', LOGIN, json('<a/>', 'application/xml')) + '<a/>' }), 404, 'NOT_FOUND');
      // A preflight from a trusted origin that names no method (with a stray body, too).
      const malformed = { Origin: 'https://app.example', ...json('<a/>', 'application/xml') };
      expectEnvelope(await rawRequest(port, { head: requestHead('OPTIONS', LOGIN, malformed) + '<a/>' }), 400, 'BAD_REQUEST');
      const invalidMethod = { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PA TCH', Connection: 'close' };
      expectEnvelope(await rawRequest(port, { head: requestHead('OPTIONS', LOGIN, invalidMethod) }), 400, 'BAD_REQUEST');
    });

    it('serves the demo page only at its exact paths: `*`, `//` and other spellings are the 404 envelope', async () => {
      const { port } = await start();
      for (const target of ['*', '//', '/whatever', '//app.js', '/app.js/', '/APP.JS', '/favicon.svg/', '/%61pp.js', '/HEALTH', '/health/']) {
        expectEnvelope(await rawRequest(port, { head: requestHead('GET', target, { Connection: 'close' }) }), 404, 'NOT_FOUND');
      }
      const head = await rawRequest(port, { head: requestHead('HEAD', '*', { Connection: 'close' }) });
      expect(head.status).toBe(404);
      expect((await rawRequest(port, { head: requestHead('GET', '/?tab=login', { Connection: 'close' }) })).status).toBe(200);
    });

    it('answers a 50 MB body to an unknown path with the 404 envelope at once and closes without reading it', async () => {
      const { port } = await start();
      for (const target of ['/nope', '/api/v1/nope']) {
        for (const type of ['application/json', 'application/octet-stream']) {
          // Only the headers are sent: the answer must not wait for the body.
          const head = requestHead('POST', target, { 'Content-Type': type, 'Content-Length': '52428800' });
          const answer = await rawRequest(port, { head, waitMs: 2000 });
          expectEnvelope(answer, 404, 'NOT_FOUND');
          expect(answer.headers.connection, `${target} ${type}`).toBe('close');
          expect(answer.closed, `${target} ${type}`).toBe(true);
        }
      }
      const chunked = await rawRequest(port, { head: requestHead('POST', '/nope', { 'Transfer-Encoding': 'chunked' }), waitMs: 2000 });
      expectEnvelope(chunked, 404, 'NOT_FOUND');
      expect(chunked.closed).toBe(true);
    });
  });
}
