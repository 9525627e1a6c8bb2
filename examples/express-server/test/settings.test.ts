// Unit tests of the environment handling shared by both example servers (examples/shared/src);
// run once, here.
import { describe, expect, it } from 'vitest';
import { pickAdapters } from '../../shared/src/adapters.js';
import { loadSettings } from '../../shared/src/settings.js';

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

  it('pickAdapters - embedded defaults, with a warning per adapter variable not in this release', () => {
    const none = pickAdapters({ NODE_ENV: 'test' });
    expect(none.storage).toBeUndefined();
    expect(none.outbox).toBe(none.mailer);
    expect(none.warnings).toEqual([]);

    const env = { NODE_ENV: 'test', MONGODB_URI: 'mongodb://u:secret@db', DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://r', SMTP_URL: 'smtp://s', CLOUDINARY_URL: 'cloudinary://k:s@c' };
    const picked = pickAdapters(env);
    expect(picked.warnings).toHaveLength(5);
    for (const name of ['MONGODB_URI', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'CLOUDINARY_URL']) {
      expect(picked.warnings.some((w) => w.startsWith(`${name} is set`))).toBe(true);
    }
    // Never echo a connection string (they carry passwords).
    expect(picked.warnings.join('\n')).not.toContain('secret');
    expect(pickAdapters({ NODE_ENV: 'production' }).warnings.join('\n')).toMatch(/data lives in memory/);
  });
});
