/*
 * The HTTP-level suite both example servers run (helper, not a test file itself): probes, dev
 * inbox, security headers, CORS, the OpenAPI document, 404s, the demo page's files, the
 * environment settings and the graceful drain. `hardening-suite.ts` (timeouts, framework
 * errors, large bodies) and `proxy-suite.ts` (TRUST_PROXY) run beside it.
 */
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../src/settings.js';
import type { RunningServer, StartOptions } from '../src/listen.js';

export type StartServer = (options?: StartOptions) => Promise<RunningServer>;

/**
 * Registers the `afterEach` that stops every server a test started, and returns `start(env)`:
 * a server on a free loopback port with a recording logger (`testEnv()` by default).
 */
export function useExampleServers(startServer: StartServer): (env?: Env, options?: StartOptions) => Promise<RunningServer> {
  const started: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.stop()));
  });
  return async (env = testEnv(), options = {}) => {
    const running = await startServer({ port: 0, host: '127.0.0.1', env, logger: recordingLogger(), ...options });
    started.push(running);
    return running;
  };
}

/** A quiet logger that keeps what it was told (warnings are asserted on). */
export function recordingLogger() {
  const lines: string[] = [];
  return { lines, info: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
}

/** The environment of a test server: explicit, never the machine's own variables. */
export function testEnv(extra: Env = {}): Env {
  return { NODE_ENV: 'test', JWT_SECRET: randomBytes(32).toString('hex'), ...extra };
}

/** What `send` resolves: the status, headers, raw text and the parsed JSON body (if JSON). */
export interface SentResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** JSON POST/GET helper. */
export async function send(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}): Promise<SentResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, text, body: type.includes('json') && text ? JSON.parse(text) : undefined };
}

/** Defines the suite for one example server. */
export function serverSuite(framework: string, startServer: StartServer): void {
  describe(`${framework} example server over HTTP`, () => {
    const start = useExampleServers(startServer);
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('GET /health answers 200 at once', async () => {
      const { url } = await start();
      const res = await send(`${url}/health`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'success', data: { status: 'ok' } });
    });

    it('GET /ready answers 200 when the ports respond and a 503 envelope when one is down', async () => {
      const running = await start();
      expect((await send(`${running.url}/ready`)).status).toBe(200);
      vi.spyOn(running.vault.mailer, 'ping').mockRejectedValue(new Error('smtp down'));
      const down = await send(`${running.url}/ready`);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', code: 'DEPENDENCY_UNAVAILABLE' });
      expect(down.text).not.toContain('smtp down');
    });

    it('GET /dev/outbox lists the mails of one address, newest first, with the documented fields', async () => {
      const { url } = await start();
      const email = 'ada@example.com';
      const password = 'correct horse battery';
      expect((await send(`${url}/api/v1/auth/register`, { method: 'POST', json: { email, password } })).status).toBe(202);
      const first = await send(`${url}/dev/outbox?to=${email}`);
      const code = /\b(\d{6})\b/.exec(first.body.data[0].text)![1];
      expect((await send(`${url}/api/v1/auth/verify-email`, { method: 'POST', json: { email, code } })).status).toBe(200);
      // A login sends the "new sign-in" notice: the newest mail.
      expect((await send(`${url}/api/v1/auth/login`, { method: 'POST', json: { identifier: email, password } })).status).toBe(200);

      const res = await send(`${url}/dev/outbox?to=${encodeURIComponent('ADA@example.com')}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.status).toBe('success');
      const mails = res.body.data as { to: string; subject: string; text: string; html: string; sentAt: string }[];
      expect(mails).toHaveLength(2);
      for (const mail of mails) expect(Object.keys(mail).sort()).toEqual(['html', 'sentAt', 'subject', 'text', 'to']);
      expect(mails[0]!.subject).toMatch(/new sign-in/i);
      expect(mails[1]!.subject).toMatch(/verify your email/i);
      expect(mails[1]!.text).toContain(code);
      expect(mails[1]!.to).toBe(email);
      expect(Date.parse(mails[0]!.sentAt)).toBeGreaterThanOrEqual(Date.parse(mails[1]!.sentAt));
      expect((await send(`${url}/dev/outbox?to=nobody@example.com`)).body).toEqual({ status: 'success', data: [] });

      const missing = await send(`${url}/dev/outbox`);
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ status: 'error', code: 'VALIDATION_FAILED', details: [{ path: 'to' }] });
    });

    it('has no /dev/outbox in production, and refuses to start there without JWT_SECRET', async () => {
      const { url } = await start(testEnv({ NODE_ENV: 'production' }));
      const res = await send(`${url}/dev/outbox?to=ada@example.com`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
      await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(/JWT_SECRET is required/);
    });

    it('sends the security headers, with a CSP that allows only the page itself', async () => {
      const { url } = await start();
      for (const path of ['/', '/health', '/api/v1/openapi.json']) {
        const res = await send(`${url}${path}`);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-powered-by')).toBeNull();
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("style-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        // Plain-http development: no https upgrade, no HSTS pinning localhost.
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(res.headers.get('strict-transport-security')).toBeNull();
        expect(csp).not.toContain('res.cloudinary.com');
      }
    });

    it('lets the page show Cloudinary-hosted media when CLOUDINARY_URL is set (its delivery host only)', async () => {
      const { url } = await start({ CLOUDINARY_URL: 'cloudinary://123456789012345:not-a-real-secret@demo-cloud' });
      const csp = (await send(`${url}/`)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("img-src 'self' data: https://res.cloudinary.com");
      expect(csp).toContain("media-src 'self' https://res.cloudinary.com");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('not-a-real-secret');
    });

    it('CORS: a trusted origin gets credentialed access, a foreign one gets no CORS header', async () => {
      const { url } = await start(testEnv({ TRUSTED_ORIGINS: 'https://app.example, https://admin.example/' }));
      const trusted = await send(`${url}/api/v1/openapi.json`, { headers: { origin: 'https://admin.example' } });
      expect(trusted.headers.get('access-control-allow-origin')).toBe('https://admin.example');
      expect(trusted.headers.get('access-control-allow-credentials')).toBe('true');

      const foreign = await send(`${url}/api/v1/openapi.json`, { headers: { origin: 'https://evil.example' } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await send(`${url}/api/v1/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
      // Every method the API uses, so that a front-end can edit and delete too.
      for (const method of ['PATCH', 'DELETE']) {
        const res = await send(`${url}/api/v1/users/me`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': method } });
        expect(res.status, method).toBe(204);
        const allowed = (res.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim());
        expect(allowed.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      }
      const foreignPreflight = await send(`${url}/api/v1/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('a cookie-authenticated POST from a foreign origin is refused (CSRF), from the page itself accepted', async () => {
      const { url } = await start(testEnv({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin password 123' }));
      const login = await send(`${url}/api/v1/auth/login`, { method: 'POST', json: { identifier: 'root@example.com', password: 'admin password 123' } });
      expect(login.status).toBe(200);
      const cookie = (login.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
      expect(cookie).toContain('vk_at=');
      const foreign = await send(`${url}/api/v1/users/me`, { method: 'PATCH', headers: { cookie, origin: 'https://evil.example' }, json: { name: 'Mallory' } });
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ code: 'CSRF_REJECTED' });
      const own = await send(`${url}/api/v1/users/me`, { method: 'PATCH', headers: { cookie, origin: new URL(url).origin }, json: { name: 'Root' } });
      expect(own.status).toBe(200);
      expect(own.body.data.user.name).toBe('Root');
    });

    it('serves the OpenAPI 3.1 document once, as JSON', async () => {
      const { url } = await start();
      const res = await send(`${url}/api/v1/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.openapi).toBe('3.1.0');
      expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/register');
    });

    it('answers unknown paths with the 404 envelope, under the prefix and outside it', async () => {
      const { url } = await start();
      for (const [method, path] of [['GET', '/api/v1/nope'], ['POST', '/api/v1/auth/nope'], ['GET', '/nope'], ['GET', '/index.html'], ['GET', '/%2e%2e/package.json']] as const) {
        const res = await send(`${url}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body).toEqual({ status: 'error', code: 'NOT_FOUND', message: expect.any(String) });
      }
    });

    it('serves the demo page files with their content types and revalidation', async () => {
      const { url } = await start();
      const page = await send(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<script type="module" src="/app.js"></script>');
      for (const [path, type] of [['/app.js', 'text/javascript'], ['/style.css', 'text/css'], ['/favicon.svg', 'image/svg+xml']]) {
        const res = await send(`${url}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toContain(type);
      }
      const etag = page.headers.get('etag');
      expect(etag).toBeTruthy();
      expect((await send(`${url}/`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
      const head = await fetch(`${url}/app.js`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toContain('text/javascript');
    });

    it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD and scales the limits by RATE_LIMIT_SCALE', async () => {
      const { url } = await start(testEnv({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin password 123', RATE_LIMIT_SCALE: '3' }));
      const login = await send(`${url}/api/v1/auth/login`, { method: 'POST', json: { identifier: 'root@example.com', password: 'admin password 123' } });
      expect(login.status).toBe(200);
      expect(login.body.data.user).toMatchObject({ role: 'admin', emailVerified: true });
      const users = await send(`${url}/api/v1/admin/users`, { headers: { authorization: `Bearer ${login.body.data.accessToken}` } });
      expect(users.status).toBe(200);
      // login: 10 per 15 minutes, times 3.
      expect(login.headers.get('x-ratelimit-limit')).toBe('30');
    });

    it('refuses to start when REDIS_URL names an unreachable Redis, without echoing the URL', async () => {
      const failure = await start(testEnv({ REDIS_URL: 'redis://:hunter2secret@127.0.0.1:1' })).then(
        () => new Error('started'),
        (error: unknown) => error as Error,
      );
      expect(failure.message).not.toBe('started');
      expect(failure.message).not.toContain('hunter2secret');
    });

    it('stop() lets an in-flight request finish with 200, then refuses new connections', async () => {
      const running = await start(testEnv({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin password 123' }));
      const arrived = once(running.server, 'request');
      // A login runs bcrypt (cost 11): it is still in flight when stop() begins.
      const login = send(`${running.url}/api/v1/auth/login`, { method: 'POST', json: { identifier: 'root@example.com', password: 'admin password 123' } });
      await arrived;
      const closeSpy = vi.spyOn(running.vault, 'close');
      const stopping = running.stop();
      expect((await send(`${running.url}/ready`).catch(() => ({ status: 0 }))).status).not.toBe(200);

      const res = await login;
      expect(res.status).toBe(200);
      expect(res.body.data.accessToken).toEqual(expect.any(String));
      await stopping;
      expect(closeSpy).toHaveBeenCalledTimes(1);
      expect(running.server.listening).toBe(false);
      await expect(fetch(`${running.url}/health`)).rejects.toThrow();
      await running.stop(); // idempotent
      expect(closeSpy).toHaveBeenCalledTimes(1);
    });

    it('stop() cuts a request that outlasts the drain timeout, and still closes', async () => {
      const running = await start(testEnv(), { drainTimeoutMs: 200 });
      // A request whose handler never answers (a hung dependency).
      vi.spyOn(running.vault.http, 'handle').mockReturnValue(new Promise(() => {}));
      const arrived = once(running.server, 'request');
      const hung = send(`${running.url}/api/v1/auth/login`, { method: 'POST', json: { identifier: 'a@example.com', password: 'x' } });
      await arrived;
      await running.stop();
      expect(running.server.listening).toBe(false);
      await expect(hung).rejects.toThrow();
    });
  });
}
