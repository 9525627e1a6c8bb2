/*
 * @vaultkit/redis: the Lua scripts of the sessions repository. Each runs atomically on the
 * server, so a session hash and its user's index never disagree, and `rotate` is one
 * compare-and-set however many instances race.
 *
 * A session is a hash `<prefix>session:<id>`; the user's index `<prefix>user-sessions:<userId>`
 * is a sorted set of session ids scored by `createdAt`. Scripts reach the index of another
 * user (re-created id) and the hashes of an index by name: single Redis server (or a
 * Sentinel-managed primary), not Redis Cluster.
 */
import { luaScript } from './lua.js';

/** Keeps an index at least as long as `keep` ms (a key without TTL gets one). */
const EXTEND_INDEX = `
local function extend(key, keep)
  local ttl = redis.call('PTTL', key)
  if ttl ~= -2 and ttl < keep then redis.call('PEXPIRE', key, keep) end
end
`;

/**
 * KEYS: session, user index. ARGV: id, createdAt (ms), keep (ms), index key
 * prefix, then the hash's field/value pairs. Replaces a session stored under the same id.
 */
export const createSession = luaScript(`${EXTEND_INDEX}
local previous = redis.call('HGET', KEYS[1], 'userId')
if previous then redis.call('ZREM', ARGV[4] .. previous, ARGV[1]) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
extend(KEYS[2], tonumber(ARGV[3]))
return 1
`);

/**
 * KEYS: session. ARGV: expected hash, now (ms: the rotation's `rotatedAt`, stored as such),
 * index key prefix, margin (ms), then refreshHash, previousHash, lastPair, expiresAt. Returns 1
 * when applied, 0 on a guard miss or a session no longer live at `now`.
 */
export const rotateSession = luaScript(`${EXTEND_INDEX}
local current = redis.call('HMGET', KEYS[1], 'refreshHash', 'expiresAt', 'absoluteExpiresAt', 'userId')
if not current[1] or current[1] ~= ARGV[1] then return 0 end
local now = tonumber(ARGV[2])
local absolute = tonumber(current[3])
if tonumber(current[2]) <= now or absolute <= now then return 0 end
local expiresAt = tonumber(ARGV[8])
redis.call('HSET', KEYS[1], 'refreshHash', ARGV[5], 'previousHash', ARGV[6], 'rotatedAt', ARGV[2], 'lastPair', ARGV[7], 'expiresAt', ARGV[8])
local keep = math.max(0, math.min(expiresAt, absolute) - now) + tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], keep)
extend(ARGV[3] .. current[4], keep)
return 1
`);

/** KEYS: session. ARGV: id, index key prefix. Returns 1 when a session was deleted. */
export const deleteSession = luaScript(`
local userId = redis.call('HGET', KEYS[1], 'userId')
if not userId then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', ARGV[2] .. userId, ARGV[1])
return 1
`);

/**
 * KEYS: user index. ARGV: session key prefix, the id to keep ('' for none). Returns the ids of
 * the sessions deleted; ids whose hash already expired are only dropped from the index.
 */
export const deleteUserSessions = luaScript(`
local deleted = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if id ~= ARGV[2] then
    if redis.call('DEL', ARGV[1] .. id) == 1 then deleted[#deleted + 1] = id end
    redis.call('ZREM', KEYS[1], id)
  end
end
return deleted
`);

/**
 * KEYS: user index. ARGV: session key prefix. Returns every stored session of the user as
 * HGETALL field/value lists, in one round trip; ids whose hash expired are dropped from the index.
 */
export const listUserSessions = luaScript(`
local rows = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local row = redis.call('HGETALL', ARGV[1] .. id)
  if #row == 0 then redis.call('ZREM', KEYS[1], id) else rows[#rows + 1] = row end
end
return rows
`);
