import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { sameText } from '../crypto/same-text.js';
import type { ServerKeys } from '../crypto/server-keys.js';
import { randomToken } from '../crypto/random.js';

/**
 * Refresh tokens are opaque to clients: `<sessionId>.<secret>.<tag>`.
 * - `secret`: 256 random bits, base64url. Only SHA-256(secret) is stored.
 * - `tag`: the first 16 bytes of HMAC-SHA256(tagKey, `sessionId.secret`), base64url. It proves
 *   that vaultkit issued this token for this session, so someone who only knows a session id
 *   cannot make up a "reused" token to get a stranger's session revoked; a well-tagged token
 *   that is neither current nor the grace-window previous one is therefore real reuse.
 */
export interface RefreshCodec {
  /** A fresh token for a session, and the hash to store. */
  issue(sessionId: string): { token: string; hash: string };
  /** The session id and secret hash of a well-formed, correctly tagged token; else `null`. */
  parse(token: unknown): { sessionId: string; hash: string } | null;
}

const SECRET_BYTES = 32;
const SECRET_CHARS = 43; // base64url of 32 bytes, no padding
const TAG_BYTES = 16;
const TAG_CHARS = 22; // base64url of 16 bytes, no padding
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_LENGTH = 128 + 1 + SECRET_CHARS + 1 + TAG_CHARS;

/**
 * Builds the codec with a tag key derived once (HKDF) from the server's OTP key, so the tag can
 * never be confused with an OTP or one-time-token HMAC.
 *
 * @example
 * const codec = createRefreshCodec(keys); const { token, hash } = codec.issue(sessionId);
 */
export function createRefreshCodec(keys: Pick<ServerKeys, 'otpKey'>): RefreshCodec {
  const tagKey = Buffer.from(hkdfSync('sha256', keys.otpKey, Buffer.alloc(0), 'vaultkit/refresh-tag', 32));
  const tagOf = (sessionId: string, secret: string): string =>
    createHmac('sha256', tagKey).update(`${sessionId}.${secret}`).digest().subarray(0, TAG_BYTES).toString('base64url');

  return {
    issue(sessionId) {
      const secret = randomToken(SECRET_BYTES);
      return { token: `${sessionId}.${secret}.${tagOf(sessionId, secret)}`, hash: hashRefreshSecret(secret) };
    },
    parse(token) {
      if (typeof token !== 'string' || token.length > MAX_LENGTH) return null;
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [sessionId, secret, tag] = parts as [string, string, string];
      if (!SESSION_ID.test(sessionId) || secret.length !== SECRET_CHARS || tag.length !== TAG_CHARS) return null;
      if (!BASE64URL.test(secret) || !BASE64URL.test(tag)) return null;
      // Compare the canonical encodings: a non-canonical spelling of the same bytes is refused.
      if (!sameText(tagOf(sessionId, secret), tag)) return null;
      return { sessionId, hash: hashRefreshSecret(secret) };
    },
  };
}

/** SHA-256 of a refresh secret, base64url: the only form in which it is stored. */
export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

