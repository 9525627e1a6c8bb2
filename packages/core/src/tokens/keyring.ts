import { createHmac, createPrivateKey, createPublicKey, createSecretKey, sign, verify, KeyObject } from 'node:crypto';
import type { VaultConfig } from '../config/resolve.js';
import type { SigningKeyOptions } from '../config/options.js';
import { VaultConfigError, type ErrorDetail } from '../errors/vault-error.js';

/** The algorithms vaultkit signs access tokens with (jsonwebtoken 9 has no EdDSA). */
export type AccessAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** One key of the ring: a `kid`, ONE pinned algorithm, and `KeyObject`s built once. */
export interface RingKey {
  readonly kid: string;
  readonly alg: AccessAlgorithm;
  /** The secret (HS256) or the public key (RS256/ES256). */
  readonly verifyKey: KeyObject;
  /** `null` for a verification-only (retired) key. */
  readonly signKey: KeyObject | null;
}

export interface KeyRing {
  /** The first key able to sign. */
  readonly signer: RingKey & { readonly signKey: KeyObject };
  /** Every key, signer included, by `kid` (all of them verify: rotation). */
  readonly byKid: ReadonlyMap<string, RingKey>;
}

const MIN_HMAC_BYTES = 32;
const MIN_RSA_BITS = 2048;

/**
 * Builds the key ring once from `config.tokens`. Without `keys`, one HS256 key made of the raw
 * UTF-8 bytes of `secret`, named by a short fingerprint. With `keys`, each entry keeps its own
 * algorithm; the first entry that can sign (a private key, or any HS256 secret) signs.
 * Every problem is reported at once in a `VaultConfigError`.
 *
 * @example
 * const ring = createKeyRing(resolveConfig(options).tokens); ring.signer.kid;
 */
export function createKeyRing(tokens: Pick<VaultConfig['tokens'], 'secret' | 'keys'>): KeyRing {
  const issues: ErrorDetail[] = [];
  const keys: RingKey[] = tokens.keys?.length
    ? tokens.keys.flatMap((entry, i) => {
        try {
          return [buildKey(entry)];
        } catch (error) {
          issues.push({ path: `tokens.keys.${i}`, message: error instanceof Error ? error.message : 'is not a usable key' });
          return [];
        }
      })
    : [defaultHmacKey(tokens.secret)];

  const byKid = new Map<string, RingKey>();
  for (const key of keys) {
    if (byKid.has(key.kid)) issues.push({ path: 'tokens.keys', message: `kid "${key.kid}" is used twice` });
    byKid.set(key.kid, key);
  }
  const signer = keys.find((k): k is RingKey & { signKey: KeyObject } => k.signKey !== null);
  if (!signer && issues.length === 0) issues.push({ path: 'tokens.keys', message: 'needs at least one key that can sign (a private key)' });
  if (issues.length > 0 || !signer) throw new VaultConfigError(issues);
  return { signer, byKid };
}

// --- internal ---

function defaultHmacKey(secret: string): RingKey {
  const raw = Buffer.from(secret, 'utf8');
  // The kid names the secret without revealing it: a truncated HMAC keyed by the secret itself.
  const kid = `hs-${createHmac('sha256', raw).update('vaultkit/kid').digest('base64url').slice(0, 8)}`;
  const key = createSecretKey(raw);
  return { kid, alg: 'HS256', verifyKey: key, signKey: key };
}

function buildKey(entry: SigningKeyOptions): RingKey {
  if (entry.alg === 'HS256') {
    const key = toSecretKey(entry.publicKey);
    if (entry.privateKey !== undefined && !toSecretKey(entry.privateKey as string | KeyObject).equals(key)) {
      throw new Error('HS256: privateKey and publicKey must be the same secret');
    }
    // A shared secret can always sign; order the ring to choose which key does.
    return { kid: entry.kid, alg: 'HS256', verifyKey: key, signKey: key };
  }
  const publicKey = toPublicKey(entry.publicKey);
  checkKeyType(entry.alg, publicKey);
  let signKey: KeyObject | null = null;
  if (entry.privateKey !== undefined) {
    signKey = entry.privateKey instanceof KeyObject ? entry.privateKey : createPrivateKey(entry.privateKey);
    if (signKey.type !== 'private') throw new Error(`${entry.alg}: privateKey is not a private key`);
    checkKeyType(entry.alg, signKey);
    // A mismatched pair would sign tokens that nobody can verify: find out now, not in production.
    const probe = Buffer.from('vaultkit key-pair probe');
    if (!verify('sha256', probe, publicKey, sign('sha256', probe, signKey))) {
      throw new Error(`${entry.alg}: privateKey and publicKey are not a pair`);
    }
  }
  return { kid: entry.kid, alg: entry.alg, verifyKey: publicKey, signKey };
}

function toSecretKey(value: string | Buffer | KeyObject): KeyObject {
  const key =
    value instanceof KeyObject ? value : createSecretKey(typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value));
  if (key.type !== 'secret') throw new Error('HS256: the key must be a shared secret');
  if ((key.symmetricKeySize ?? 0) < MIN_HMAC_BYTES) throw new Error(`HS256: the secret must be at least ${MIN_HMAC_BYTES} bytes`);
  return key;
}

function toPublicKey(value: string | Buffer | KeyObject): KeyObject {
  if (value instanceof KeyObject) {
    if (value.type === 'secret') throw new Error('publicKey must be an asymmetric key');
    return value.type === 'public' ? value : createPublicKey(value);
  }
  return createPublicKey(value);
}

function checkKeyType(alg: 'RS256' | 'ES256', key: KeyObject): void {
  if (alg === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') throw new Error('RS256 needs an RSA key');
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw new Error(`RS256 needs an RSA key of at least ${MIN_RSA_BITS} bits`);
  } else if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('ES256 needs an EC key on the P-256 curve');
  }
}
