import { createHash, randomUUID } from 'node:crypto';
import type { SessionRecord } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisHotState, type RedisHotState } from '../src/index.js';
import { connect, dropPrefix, keysUnder, randomPrefix } from './redis.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long keys outlive their deadline (KEEP_AFTER_DEADLINE_MS). */
const KEEP = MINUTE;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

function session(now: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    refreshHash: hash(randomUUID()),
    previousHash: null,
    rotatedAt: null,
    lastPair: null,
    expiresAt: new Date(now + HOUR),
    absoluteExpiresAt: new Date(now + 30 * 24 * HOUR),
    createdAt: new Date(now),
    userAgent: 'vitest',
    ip: '127.0.0.1',
    credentialVersion: 0,
    ...overrides,
  };
}

describe('redisHotState on a real Redis', () => {
  let client: Redis;
  let prefix: string;
  let hot: RedisHotState;

  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client.quit();
  });
  beforeEach(() => {
    prefix = randomPrefix();
    hot = redisHotState(client, { prefix });
  });
  afterEach(() => dropPrefix(client, prefix));

  /** The key's TTL, checked to be within `slack` ms below `expected` (time passes between). */
  const expectTtl = async (key: string, expected: number, slack = 10_000) => {
    const ttl = await client.pttl(key);
    expect(ttl).toBeLessThanOrEqual(expected);
    expect(ttl).toBeGreaterThan(expected - slack);
  };

  it('redisHotState - every key lives under the prefix, and each expires a minute after its deadline', async () => {
    const now = Date.now();
    const s = session(now);
    await hot.sessions.create(s);
    await hot.revocations.allowSession(s.id, new Date(now + 2 * HOUR), new Date(now));
    await hot.revocations.revokeToken('jti-1', new Date(now + 15 * MINUTE), new Date(now));
    await hot.otps.issue({ purpose: 'login', subject: 'someone', codeHash: hash('code'), expiresAt: new Date(now + 5 * MINUTE), retainUntil: new Date(now + 24 * HOUR), now: new Date(now) });

    expect((await keysUnder(client, prefix)).sort()).toEqual(
      [`${prefix}session:${s.id}`, `${prefix}user-sessions:${s.userId}`, `${prefix}live:${s.id}`, `${prefix}revoked:jti-1`, `${prefix}otp:login:someone`].sort(),
    );
    await expectTtl(`${prefix}session:${s.id}`, HOUR + KEEP);
    await expectTtl(`${prefix}user-sessions:${s.userId}`, HOUR + KEEP);
    await expectTtl(`${prefix}live:${s.id}`, 2 * HOUR + KEEP);
    await expectTtl(`${prefix}revoked:jti-1`, 15 * MINUTE + KEEP);
    await expectTtl(`${prefix}otp:login:someone`, 24 * HOUR + KEEP);
  });

  it('sessions.rotate - moves the TTL to the new expiry, capped by the absolute one', async () => {
    const now = Date.now();
    const s = session(now, { absoluteExpiresAt: new Date(now + 3 * HOUR) });
    await hot.sessions.create(s);
    const next = { refreshHash: hash('next'), previousHash: s.refreshHash, rotatedAt: new Date(now), lastPair: 'sealed', expiresAt: new Date(now + 7 * 24 * HOUR) };
    await expect(hot.sessions.rotate(s.id, s.refreshHash, next)).resolves.toBe(true);
    await expectTtl(`${prefix}session:${s.id}`, 3 * HOUR + KEEP);
    await expectTtl(`${prefix}user-sessions:${s.userId}`, 3 * HOUR + KEEP);
  });

  it('otps.attempt - a lock keeps the record until a minute after the lock ends, past an earlier retention', async () => {
    const now = Date.now();
    const flow = { purpose: 'verify-email' as const, subject: 'ada@example.test' };
    await hot.otps.issue({ ...flow, codeHash: hash('code'), expiresAt: new Date(now + 5 * MINUTE), retainUntil: new Date(now + MINUTE), now: new Date(now) });
    const lockUntil = new Date(now + 15 * MINUTE);
    for (let i = 0; i < 3; i++) await hot.otps.attempt({ ...flow, codeHash: hash('wrong'), maxAttempts: 3, lockUntil, now: new Date(now) });
    await expectTtl(`${prefix}otp:verify-email:ada@example.test`, 15 * MINUTE + KEEP);
  });

  it('revocations.revokeToken - a second, shorter blacklisting keeps the longer TTL', async () => {
    const now = Date.now();
    await hot.revocations.revokeToken('jti-2', new Date(now + HOUR), new Date(now));
    await hot.revocations.revokeToken('jti-2', new Date(now + MINUTE), new Date(now));
    await expectTtl(`${prefix}revoked:jti-2`, HOUR + KEEP);
  });

  it('revocations - TTLs are sized from the core\'s `now`, never the process clock (a test clock ten days behind)', async () => {
    const now = Date.now() - 10 * 24 * HOUR;
    await hot.revocations.allowSession('sid-1', new Date(now + 2 * HOUR), new Date(now));
    await hot.revocations.revokeToken('jti-3', new Date(now + 15 * MINUTE), new Date(now));
    await expectTtl(`${prefix}live:sid-1`, 2 * HOUR + KEEP);
    await expectTtl(`${prefix}revoked:jti-3`, 15 * MINUTE + KEEP);
    await expect(hot.revocations.isRevoked({ jti: 'other', sid: 'sid-1' }, new Date(now + HOUR))).resolves.toBe(false);
  });

  it('redisHotState - two prefixes on one Redis never see each other', async () => {
    const other = redisHotState(client, { prefix: `${prefix}other:` });
    const now = Date.now();
    const s = session(now);
    await hot.sessions.create(s);
    await hot.revocations.allowSession(s.id, new Date(now + HOUR), new Date(now));
    await expect(other.sessions.findById(s.id, new Date(now))).resolves.toBeNull();
    await expect(other.revocations.isRevoked({ jti: 'j', sid: s.id }, new Date(now))).resolves.toBe(true);
    await expect(hot.revocations.isRevoked({ jti: 'j', sid: s.id }, new Date(now))).resolves.toBe(false);
  });

  it('scripts - run again after the server forgot them (SCRIPT FLUSH, a restart)', async () => {
    const now = Date.now();
    const s = session(now);
    await hot.sessions.create(s);
    await client.script('FLUSH');
    const next = { refreshHash: hash('next'), previousHash: s.refreshHash, rotatedAt: new Date(now), lastPair: 'sealed', expiresAt: new Date(now + HOUR) };
    await expect(hot.sessions.rotate(s.id, s.refreshHash, next)).resolves.toBe(true);
  });

  it('dispose - leaves the app\'s client open; ping answers while Redis is up', async () => {
    await expect(hot.ping()).resolves.toBeUndefined();
    await hot.dispose();
    await expect(client.ping()).resolves.toBe('PONG');
  });

  it('redisHotState - anything but an ioredis client is a TypeError', () => {
    expect(() => redisHotState({} as Redis)).toThrow(TypeError);
    expect(() => redisHotState(client, { prefix: 5 as unknown as string })).toThrow(/prefix/);
  });
});
