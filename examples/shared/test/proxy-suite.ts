/*
 * TRUST_PROXY on both example servers (helper, not a test file itself). The test client stands
 * in for the proxy: it connects from 127.0.0.1 and sets the X-Forwarded-* headers itself.
 */
import { describe, expect, it } from 'vitest';
import { send, useExampleServers, testEnv, type StartServer } from './server-suite.js';

const ADMIN = { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin password 123' };

/** A request on a limited route from `forwardedFor`: the budget left for that client. */
async function remainingFor(url: string, forwardedFor: string): Promise<number> {
  const res = await send(`${url}/api/v1/auth/username-available?username=ada_l`, { headers: { 'x-forwarded-for': forwardedFor } });
  expect(res.status).toBe(200);
  return Number(res.headers.get('x-ratelimit-remaining'));
}

/** The login's `Set-Cookie` lines when the proxy says the client came over https. */
async function loginCookies(url: string): Promise<string[]> {
  const res = await send(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    json: { identifier: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD },
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie();
}

/** Defines the suite for one example server. */
export function proxySuite(framework: string, startServer: StartServer): void {
  describe(`${framework} example server behind a proxy (TRUST_PROXY)`, () => {
    const start = useExampleServers(startServer);

    it('TRUST_PROXY=1: X-Forwarded-Proto https gives Secure cookies with the __Host-/__Secure- names', async () => {
      const { url } = await start(testEnv({ ...ADMIN, TRUST_PROXY: '1' }));
      const cookies = await loginCookies(url);
      const access = cookies.find((c) => c.startsWith('__Host-vk_at='));
      const refresh = cookies.find((c) => c.startsWith('__Secure-vk_rt='));
      expect(access).toMatch(/;\s*Secure/i);
      expect(refresh).toMatch(/;\s*Secure/i);
    });

    it('TRUST_PROXY=1: clients behind the proxy each get their own rate-limit key, and cannot forge one', async () => {
      const { url } = await start(testEnv({ TRUST_PROXY: '1' }));
      const first = await remainingFor(url, '198.51.100.1');
      expect(await remainingFor(url, '198.51.100.2')).toBe(first);
      // The proxy appends the real address; what the client wrote before it is not trusted.
      expect(await remainingFor(url, '192.0.2.50, 198.51.100.1')).toBe(first - 1);
      expect(await remainingFor(url, '192.0.2.51, 198.51.100.1')).toBe(first - 2);
    });

    it('TRUST_PROXY as addresses: trusted when the peer is listed, ignored when it is not', async () => {
      const listed = await start(testEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }));
      const first = await remainingFor(listed.url, '198.51.100.1');
      expect(await remainingFor(listed.url, '198.51.100.2')).toBe(first);

      const unlisted = await start(testEnv({ ...ADMIN, TRUST_PROXY: '10.0.0.0/8' }));
      const shared = await remainingFor(unlisted.url, '198.51.100.1');
      expect(await remainingFor(unlisted.url, '198.51.100.2')).toBe(shared - 1);
      const cookies = await loginCookies(unlisted.url);
      expect(cookies.some((c) => c.startsWith('vk_at=') && !/;\s*Secure/i.test(c))).toBe(true);
    });

    it('without TRUST_PROXY the X-Forwarded-* headers change nothing', async () => {
      const { url } = await start(testEnv(ADMIN));
      const shared = await remainingFor(url, '198.51.100.1');
      expect(await remainingFor(url, '198.51.100.2')).toBe(shared - 1);
      const cookies = await loginCookies(url);
      expect(cookies.some((c) => c.startsWith('vk_at=') && !/;\s*Secure/i.test(c))).toBe(true);
      expect(cookies.some((c) => c.startsWith('__Host-'))).toBe(false);
    });

    it('refuses to start on a TRUST_PROXY that is neither a count, a boolean nor addresses', async () => {
      await expect(start(testEnv({ TRUST_PROXY: 'my-proxy' }))).rejects.toThrow(/TRUST_PROXY: "my-proxy" is not/);
      await expect(start(testEnv({ TRUST_PROXY: '10.0.0.0/40' }))).rejects.toThrow(/TRUST_PROXY: "10\.0\.0\.0\/40"/);
    });
  });
}
