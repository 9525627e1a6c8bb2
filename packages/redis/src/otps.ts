/*
 * @vaultkit/redis: the OTP repository.
 *
 * Adapters import only @vaultkit/core's public entry points, never its files.
 */
import type { OtpAttemptResult, OtpsRepository } from '@vaultkit/core';
import type { Redis } from 'ioredis';
import { guard } from './errors.js';
import { KEEP_AFTER_DEADLINE_MS, type Keys } from './keys.js';
import { luaScript } from './lua.js';

/**
 * One-time codes in Redis: a hash `<prefix>otp:<purpose>:<subject>` per flow (code hash, code
 * expiry, retention, wrong-attempt count, lock end). `issue` and `attempt` are Lua scripts, so
 * the check, the count and the lock are one atomic step however many attempts race, on however
 * many instances. Everything is judged against the core's `now`; the key's TTL (a minute past
 * the later of retention and lock) only frees memory.
 *
 * @example
 * const otps = redisOtps(redis, keysFor('vaultkit:'));
 * await otps.attempt({ purpose: 'login', subject, codeHash, maxAttempts: 5, lockUntil, now }); // { status: 'ok' }
 */
export function redisOtps(client: Redis, keys: Keys): OtpsRepository {
  return {
    issue: (otp) =>
      guard(async () => {
        await issueCode.run(
          client,
          [keys.otp(otp.purpose, otp.subject)],
          [otp.codeHash, otp.expiresAt.getTime(), otp.retainUntil.getTime(), otp.now.getTime(), KEEP_AFTER_DEADLINE_MS],
        );
      }),

    attempt: (attempt) =>
      guard(async () => {
        const reply = (await attemptCode.run(
          client,
          [keys.otp(attempt.purpose, attempt.subject)],
          [attempt.codeHash, attempt.now.getTime(), attempt.maxAttempts, attempt.lockUntil.getTime(), KEEP_AFTER_DEADLINE_MS],
        )) as [string, (string | number)?];
        return toResult(reply);
      }),

    delete: (purpose, subject) =>
      guard(async () => {
        await client.del(keys.otp(purpose, subject));
      }),
  };
}

// --- internal ---

function toResult([status, value]: [string, (string | number)?]): OtpAttemptResult {
  switch (status) {
    case 'ok':
      return { status: 'ok' };
    case 'invalid':
      return { status: 'invalid', attemptsLeft: Number(value) };
    case 'locked':
      return { status: 'locked', until: new Date(Number(value)) };
    default:
      return { status: 'missing' };
  }
}

/** A record is gone once `now` reaches the later of its retention and its lock. */
const ALIVE = `
local function alive(retainUntil, lockedUntil, now)
  return math.max(tonumber(retainUntil), tonumber(lockedUntil or '0')) > now
end
`;

/**
 * KEYS: the flow's key. ARGV: code hash, expiresAt, retainUntil, now, margin (ms). Replaces the
 * code; a live record's count and lock are kept (NIST SP 800-63B: a new code resets nothing).
 */
const issueCode = luaScript(`${ALIVE}
local now = tonumber(ARGV[4])
local previous = redis.call('HMGET', KEYS[1], 'retainUntil', 'attempts', 'lockedUntil')
local attempts, locked = 0, 0
if previous[1] and alive(previous[1], previous[3], now) then
  attempts = tonumber(previous[2])
  locked = tonumber(previous[3] or '0')
end
local retain = tonumber(ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'codeHash', ARGV[1], 'expiresAt', ARGV[2], 'retainUntil', ARGV[3], 'attempts', attempts)
if locked > 0 then redis.call('HSET', KEYS[1], 'lockedUntil', string.format('%d', locked)) end
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(0, math.max(retain, locked) - now) + tonumber(ARGV[5])))
return 1
`);

/**
 * KEYS: the flow's key. ARGV: code hash, now, maxAttempts, lockUntil, margin (ms). Returns
 * {'missing'} | {'locked', until} | {'ok'} | {'invalid', attemptsLeft}, in the port's order:
 * no record, a lock that holds, a right unexpired code (deleted: single use), else one wrong
 * attempt counted (an expired code is wrong even when it matches), locking at the maximum.
 */
const attemptCode = luaScript(`${ALIVE}
-- Constant-time equality of two hashes, like the core's comparison.
local function same(a, b)
  if #a ~= #b then return false end
  local diff = 0
  for i = 1, #a do diff = bit.bor(diff, bit.bxor(string.byte(a, i), string.byte(b, i))) end
  return diff == 0
end
local now = tonumber(ARGV[2])
local row = redis.call('HMGET', KEYS[1], 'codeHash', 'expiresAt', 'retainUntil', 'attempts', 'lockedUntil')
if not row[1] then return {'missing'} end
if not alive(row[3], row[5], now) then
  redis.call('DEL', KEYS[1])
  return {'missing'}
end
if row[5] and tonumber(row[5]) > now then return {'locked', row[5]} end
if tonumber(row[2]) > now and same(row[1], ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return {'ok'}
end
local attempts = tonumber(row[4]) + 1
local max = tonumber(ARGV[3])
if attempts < max then
  redis.call('HSET', KEYS[1], 'attempts', attempts)
  return {'invalid', max - attempts}
end
local lockUntil = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'attempts', attempts, 'lockedUntil', ARGV[4])
local keep = math.max(0, math.max(tonumber(row[3]), lockUntil) - now) + tonumber(ARGV[5])
redis.call('PEXPIRE', KEYS[1], string.format('%d', keep))
return {'invalid', 0}
`);
