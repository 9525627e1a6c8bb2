import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM around a JSON value, base64url(iv ‖ ciphertext ‖ tag). `aad` binds a box to its
 * use (a box sealed for "challenge" never opens as a "pair").
 */
export function seal(key: Buffer, aad: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The sealed value, or `null` when the box is malformed, tampered with or sealed for another use. */
export function open<T>(key: Buffer, aad: string, box: string): T | null {
  try {
    const raw = Buffer.from(box, 'base64url');
    // Canonical encoding only: Buffer ignores stray characters, so one box would have many spellings.
    if (raw.length < 12 + 16 + 1 || raw.toString('base64url') !== box) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
