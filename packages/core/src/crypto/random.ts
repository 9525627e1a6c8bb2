import { randomBytes, randomUUID } from 'node:crypto';

/** A random identifier for records (users, sessions, assets). */
export function newId(): string {
  return randomUUID();
}

/** `bytes` random bytes as base64url (32 bytes = 256 bits for refresh secrets). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
