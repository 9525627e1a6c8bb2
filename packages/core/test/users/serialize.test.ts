import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/ports/storage.js';
import { serializeUser } from '../../src/users/serialize.js';

const user = (createdAt: Date, updatedAt: Date): UserRecord =>
  ({
    id: 'u1', email: 'a@b.test', username: null, passwordHash: 'secret-hash', role: 'user', emailVerified: true, twoFactorEnabled: false,
    name: null, bio: null, avatar: null, cover: null, banned: false, credentialVersion: 0, createdAt, updatedAt,
  }) as unknown as UserRecord;

/** @see issue 13: dates are formatted once per instant; the answer must not change. */
describe('serializeUser', () => {
  it('writes each date as its ISO text, however many users and instants go through', () => {
    for (let i = 0; i < 3000; i += 1) {
      const created = new Date(Date.UTC(2020, 0, 1) + i * 7919);
      const updated = new Date(created.getTime() + (i % 3));
      const json = serializeUser(user(created, updated));
      expect(json.createdAt).toBe(created.toISOString());
      expect(json.updatedAt).toBe(updated.toISOString());
    }
    expect(serializeUser(user(new Date(0), new Date(0)))).not.toHaveProperty('passwordHash');
  });

  it('an invalid date still throws, as toISOString does', () => {
    expect(() => serializeUser(user(new Date(Number.NaN), new Date(0)))).toThrow(RangeError);
  });
});
