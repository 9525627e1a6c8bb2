import jwt from 'jsonwebtoken';
import type { VaultConfig } from '../config/resolve.js';
import type { KeyRing, RingKey } from './keyring.js';
import type { AccessClaims, AccessFailure } from './types.js';

/** What an access token says before vaultkit adds `typ`, `iat`, `exp`, `iss` and `aud`. */
export interface AccessSubject {
  sub: string;
  sid: string;
  jti: string;
  role: string;
}

/** Everything signing and verifying need; built once by `createAccessTokenSettings`. */
export interface AccessTokenSettings {
  ring: KeyRing;
  tokens: Pick<VaultConfig['tokens'], 'issuer' | 'audience' | 'clockToleranceSeconds'>;
  /** The exact header segment vaultkit writes for each key → that key (the parse-free fast path). */
  ownHeaders: ReadonlyMap<string, RingKey>;
}

export type SignatureCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: Exclude<AccessFailure, 'revoked'> };

/** Tokens longer than this are refused before any parsing (a header bomb costs nothing). */
const MAX_TOKEN_LENGTH = 8192;
const MAX_HEADER_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Header parameters that name a key by reference or demand extensions: never honoured. */
const FORBIDDEN_HEADER_PARAMS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'] as const;

const INVALID: SignatureCheck = Object.freeze({ ok: false, reason: 'invalid' });
const EXPIRED: SignatureCheck = Object.freeze({ ok: false, reason: 'expired' });

/**
 * Precomputes, for every key of the ring, the header segment vaultkit itself signs with. Our
 * own tokens then skip the header decode on the hot path; any other header (even an equivalent
 * one) goes through the full parse and checks. Nothing here is filled from client input.
 *
 * @example
 * const settings = createAccessTokenSettings(createKeyRing(config.tokens), config.tokens);
 */
export function createAccessTokenSettings(ring: KeyRing, tokens: AccessTokenSettings['tokens']): AccessTokenSettings {
  const ownHeaders = new Map<string, RingKey>();
  for (const key of ring.byKid.values()) ownHeaders.set(headerSegment(key), key);
  return { ring, tokens: { issuer: tokens.issuer, audience: tokens.audience, clockToleranceSeconds: tokens.clockToleranceSeconds }, ownHeaders };
}

/**
 * Signs an access token with the ring's signing key (synchronous: HMAC or one RSA/EC signature).
 * `exp` is given in seconds since the epoch; the caller caps it at the session's expiry.
 *
 * @example
 * signAccessToken(settings, { sub, sid, jti, role }, { iat, exp });
 */
export function signAccessToken(settings: AccessTokenSettings, subject: AccessSubject, times: { iat: number; exp: number }): string {
  const { signer } = settings.ring;
  const claims: AccessClaims = {
    sub: subject.sub,
    sid: subject.sid,
    jti: subject.jti,
    role: subject.role,
    typ: 'access',
    iat: times.iat,
    exp: times.exp,
    iss: settings.tokens.issuer,
    aud: settings.tokens.audience,
  };
  return jwt.sign(claims, signer.signKey, { algorithm: signer.alg, header: ownHeader(signer) });
}

/**
 * Checks the header, the signature and the claims of an access token at `nowSeconds`. The
 * algorithm comes from the key named by `kid`, never from the token: `none` in any casing, an
 * HS256 token "signed" with an RS256 public key, an unknown `kid` or a key carried by the token
 * itself (`jku`, `jwk`, `x5u`, `x5c`) all fail. Expected failures are values, never thrown.
 *
 * @example
 * const r = verifyAccessSignature(settings, token, Math.floor(clock.now() / 1000)); if (r.ok) r.claims.sub;
 */
export function verifyAccessSignature(settings: AccessTokenSettings, token: string, nowSeconds: number): SignatureCheck {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return INVALID;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > MAX_HEADER_LENGTH) return INVALID;
  const segment = token.slice(0, dot);
  const key = settings.ownHeaders.get(segment) ?? keyOfForeignHeader(settings, segment);
  if (!key) return INVALID;

  let payload: unknown;
  try {
    payload = jwt.verify(token, key.verifyKey, {
      algorithms: [key.alg],
      issuer: settings.tokens.issuer,
      audience: settings.tokens.audience,
      clockTolerance: settings.tokens.clockToleranceSeconds,
      // vaultkit's clock, not Date.now(): expiry follows the injected clock.
      clockTimestamp: nowSeconds,
    });
  } catch (error) {
    return error instanceof jwt.TokenExpiredError ? EXPIRED : INVALID;
  }
  const claims = toClaims(payload);
  return claims ? { ok: true, claims } : INVALID;
}

// --- internal ---

/** The header vaultkit writes (key order fixed: the fast path compares the encoded bytes). */
const ownHeader = (key: RingKey) => ({ alg: key.alg, typ: 'JWT', kid: key.kid });
const headerSegment = (key: RingKey): string => Buffer.from(JSON.stringify(ownHeader(key)), 'utf8').toString('base64url');

/** The slow path: parse and check a header we did not write byte for byte. */
function keyOfForeignHeader(settings: AccessTokenSettings, segment: string): RingKey | undefined {
  const header = parseHeader(segment);
  if (!header) return undefined;
  const key = typeof header.kid === 'string' ? settings.ring.byKid.get(header.kid) : undefined;
  // Exact comparison with the key's one pinned algorithm (no case folding, no list).
  return key && header.alg === key.alg ? key : undefined;
}

interface JoseHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  [param: string]: unknown;
}

function parseHeader(segment: string): JoseHeader | null {
  if (!BASE64URL.test(segment)) return null;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  const h = header as JoseHeader;
  for (const param of FORBIDDEN_HEADER_PARAMS) if (param in h) return null;
  // Only tokens vaultkit issued are accepted, and they all say "JWT".
  if (h.typ !== undefined && h.typ !== 'JWT') return null;
  return h;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The claims with their exact types (a refresh or foreign token never passes), frozen for the cache. */
function toClaims(payload: unknown): AccessClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.typ !== 'access') return null;
  if (!isText(p.sub) || !isText(p.sid) || !isText(p.jti) || !isText(p.role)) return null;
  if (!isTime(p.iat) || !isTime(p.exp) || !isText(p.iss) || !isText(p.aud)) return null;
  return Object.freeze({ sub: p.sub, sid: p.sid, jti: p.jti, role: p.role, typ: 'access', iat: p.iat, exp: p.exp, iss: p.iss, aud: p.aud });
}
