import { createHmac } from 'node:crypto';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The same claims with `alg: none` (in the given casing) and no signature. */
export function unsignedCopy(token: string, alg = 'none'): string {
  return `${b64({ alg, typ: 'JWT' })}.${b64(claimsOf(token))}.`;
}

/** The same claims, HS256-signed with a secret the vault does not know. */
export function foreignSignedCopy(token: string, secret = 'another-secret-another-secret-0123456789'): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claimsOf(token))}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The same claims with a changed `role`, keeping the original signature (tampering). */
export function tamperedCopy(token: string, patch: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64({ ...claimsOf(token), ...patch })}.${signature}`;
}
