import { createHmac, hkdfSync } from 'node:crypto';

/** Keys derived once from the server secret, each for one purpose (HKDF-SHA256). */
export interface ServerKeys {
  /** HMAC key for OTP codes and one-time tokens. */
  otpKey: Buffer;
  /** AES-256-GCM key that seals the last refresh pair and login challenges. */
  sealKey: Buffer;
  /** Peppers by id; `peppers[0]` hashes new passwords. */
  peppers: { id: string; key: Buffer }[];
}

function derive(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `vaultkit/${label}`, 32));
}

export function deriveServerKeys(secret: string, peppers?: { id: string; secret: string }[]): ServerKeys {
  const derivedPepper = derive(secret, 'pepper');
  // The derived pepper is named by a fingerprint so that a changed secret is detected, not misread.
  const derived = { id: `d${createHmac('sha256', derivedPepper).update('id').digest('hex').slice(0, 7)}`, key: derivedPepper };
  const configured = (peppers ?? []).map((p) => ({ id: p.id, key: Buffer.from(p.secret, 'utf8') }));
  return {
    otpKey: derive(secret, 'otp'),
    sealKey: derive(secret, 'seal'),
    // Configured peppers come first; the derived one stays last as a verify-only pepper, so that
    // hashes made before `peppers` was configured still verify (and are rehashed on login).
    peppers: configured.some((p) => p.id === derived.id) ? configured : [...configured, derived],
  };
}

/** HMAC-SHA256, base64url: how codes and one-time tokens are stored. */
export function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}
