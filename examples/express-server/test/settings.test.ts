// Unit tests of the environment handling shared by both example servers (examples/shared/src);
// run once, here.
import { describe, expect, it } from 'vitest';
import { pickAdapters } from '../../shared/src/adapters.js';
import { DEFAULT_TIMEOUTS, loadSettings } from '../../shared/src/settings.js';
import { compileTrustProxy } from '../../shared/src/trust-proxy.js';

describe('example settings from the environment', () => {
  it('loadSettings - defaults: port 3000, scale 1, a random secret with a warning, own origin trusted', () => {
    const a = loadSettings({});
    const b = loadSettings({});
    expect(a).toMatchObject({ port: 3000, host: undefined, production: false, rateLimitScale: 1, admin: null, jwtSecretGenerated: true });
    expect(Buffer.byteLength(a.jwtSecret)).toBeGreaterThanOrEqual(32);
    expect(a.jwtSecret).not.toBe(b.jwtSecret);
    expect(a.warnings.join('\n')).toMatch(/JWT_SECRET is not set/);
    expect(a.warnings.join('\n')).not.toContain(a.jwtSecret);
    expect(a.trustedOrigins).toEqual(['http://localhost:3000']);
  });

  it('loadSettings - reads PORT, HOST, JWT_SECRET, RATE_LIMIT_SCALE, ADMIN_* and normalises TRUSTED_ORIGINS', () => {
    const settings = loadSettings({
      PORT: '8080',
      HOST: '127.0.0.1',
      JWT_SECRET: 's'.repeat(40),
      RATE_LIMIT_SCALE: '2.5',
      ADMIN_EMAIL: ' root@example.com ',
      ADMIN_PASSWORD: 'admin password 123',
      TRUSTED_ORIGINS: 'https://app.example/, ,http://localhost:5173/path,https://app.example',
    });
    expect(settings).toMatchObject({ port: 8080, host: '127.0.0.1', jwtSecret: 's'.repeat(40), jwtSecretGenerated: false, rateLimitScale: 2.5 });
    expect(settings.admin).toEqual({ email: 'root@example.com', password: 'admin password 123' });
    expect(settings.trustedOrigins).toEqual(['http://localhost:8080', 'https://app.example', 'http://localhost:5173']);
    expect(settings.warnings).toEqual([]);
  });

  it('loadSettings - reports every invalid variable at once', () => {
    expect(() => loadSettings({ PORT: 'eighty', RATE_LIMIT_SCALE: '0', TRUSTED_ORIGINS: 'ftp://files.example,not a url' })).toThrow(
      /PORT[\s\S]*RATE_LIMIT_SCALE[\s\S]*ftp:\/\/files\.example[\s\S]*not a url/,
    );
  });

  it('loadSettings - production refuses to run without JWT_SECRET; PORT=0 trusts no fixed own origin', () => {
    expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(loadSettings({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32) }).production).toBe(true);
    expect(loadSettings({ PORT: '0' }).trustedOrigins).toEqual([]);
  });

  it('loadSettings - only one of ADMIN_EMAIL/ADMIN_PASSWORD creates nothing and says so', () => {
    const settings = loadSettings({ ADMIN_EMAIL: 'root@example.com' });
    expect(settings.admin).toBeNull();
    expect(settings.warnings.join('\n')).toMatch(/ADMIN_EMAIL and ADMIN_PASSWORD must both be set/);
  });

  it('loadSettings - TRUST_PROXY: off by default, a hop count, true (with a warning), or addresses and CIDR ranges', () => {
    for (const off of [undefined, '', ' ', 'false', '0']) expect(loadSettings({ TRUST_PROXY: off }).trustProxy).toBe(false);
    expect(loadSettings({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    const all = loadSettings({ TRUST_PROXY: 'true' });
    expect(all.trustProxy).toBe(true);
    expect(all.warnings.join('\n')).toMatch(/TRUST_PROXY=true trusts every/);
    expect(loadSettings({ TRUST_PROXY: ' 10.0.0.0/8, 192.0.2.7 ,::1,fd00::/8,' }).trustProxy).toEqual(['10.0.0.0/8', '192.0.2.7', '::1', 'fd00::/8']);
  });

  it('loadSettings - TRUST_PROXY: a value that is not a count, a boolean or addresses is a clear error', () => {
    for (const [value, named] of [['proxy.internal', 'proxy.internal'], ['10.0.0.0/33', '10.0.0.0/33'], ['::1/129', '::1/129'], ['300.1.1.1', '300.1.1.1'], ['10.0.0.0/8/1', '10.0.0.0/8/1'], ['1.5', '1.5'], ['-1', '-1'], [',', ',']]) {
      expect(() => loadSettings({ TRUST_PROXY: value }), value).toThrow(`TRUST_PROXY: "${named}" is not a number of proxies, true/false, or an IP address or CIDR range`);
    }
  });

  it('loadSettings - timeouts: documented defaults, overrides in ms, a short request timeout shortens the header one', () => {
    expect(loadSettings({}).timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(DEFAULT_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 60_000, connectionMs: 30_000, keepAliveMs: 5_000 });
    const env = { HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '3000', CONNECTION_TIMEOUT_MS: '4000', KEEP_ALIVE_TIMEOUT_MS: '65000' };
    expect(loadSettings(env).timeouts).toEqual({ headersMs: 2000, requestMs: 3000, connectionMs: 4000, keepAliveMs: 65_000 });
    expect(loadSettings({ REQUEST_TIMEOUT_MS: '500' }).timeouts).toMatchObject({ headersMs: 500, requestMs: 500 });
  });

  it('loadSettings - timeouts: whole positive milliseconds only, and headers within the request', () => {
    for (const value of ['0', '-5', '1.5', '10s', '9999999999']) {
      expect(() => loadSettings({ REQUEST_TIMEOUT_MS: value }), value).toThrow(/REQUEST_TIMEOUT_MS must be a whole number of milliseconds/);
    }
    expect(() => loadSettings({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000' })).toThrow(/HEADERS_TIMEOUT_MS must not be greater than REQUEST_TIMEOUT_MS/);
  });

  it('loadSettings - BCRYPT_COST: unset is the core default, 10 to 16 anywhere, 4 to 9 only under NODE_ENV=test', () => {
    expect(loadSettings({}).bcryptCost).toBeUndefined();
    expect(loadSettings({ BCRYPT_COST: '12' }).bcryptCost).toBe(12);
    expect(loadSettings({ NODE_ENV: 'test', BCRYPT_COST: ' 4 ' }).bcryptCost).toBe(4);
    for (const value of ['4', '9', '17', '10.5', 'low']) expect(() => loadSettings({ BCRYPT_COST: value })).toThrow(/BCRYPT_COST must be a whole number from 10 to 16/);
    expect(() => loadSettings({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(32), BCRYPT_COST: '4' })).toThrow(/BCRYPT_COST/);
  });

  it('compileTrustProxy - hop counts, every hop, and address lists (IPv4-mapped peers included)', () => {
    expect(compileTrustProxy(false)).toBe(false);
    const hops = compileTrustProxy(2);
    expect(hops && [hops('203.0.113.1', 0), hops('203.0.113.1', 1), hops('203.0.113.1', 2)]).toEqual([true, true, false]);
    const all = compileTrustProxy(true);
    expect(all && all('203.0.113.1', 9)).toBe(true);
    const listed = compileTrustProxy(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    expect(listed && ['10.1.2.3', '::ffff:10.1.2.3', '192.0.2.7', 'fd12::1', '192.0.2.8', '11.0.0.1', 'unknown', ''].map((a) => listed(a, 0))).toEqual([
      true, true, true, true, false, false, false, false,
    ]);
  });

  it('pickAdapters - embedded defaults when nothing is set; SMTP_URL and CLOUDINARY_URL replace the mailer and uploader', async () => {
    const none = await pickAdapters({ NODE_ENV: 'test' });
    expect(none.storage).toBeUndefined();
    expect(none.uploader).toBeNull();
    expect(none.rateLimitFactory).toBeUndefined();
    expect(none.outbox).toBe(none.mailer);
    expect(none.warnings).toEqual([]);
    await none.dispose();

    // Neither adapter connects before its first use.
    const picked = await pickAdapters({ NODE_ENV: 'test', SMTP_URL: 'smtp://u:secret@127.0.0.1:1', CLOUDINARY_URL: 'cloudinary://k:secret@c' });
    expect(picked.outbox).toBeNull();
    expect(picked.uploader).not.toBeNull();
    await picked.dispose();
    const production = await pickAdapters({ NODE_ENV: 'production' });
    expect(production.warnings.join('\n')).toMatch(/data lives in memory/);
  });
});
