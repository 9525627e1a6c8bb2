import { createHash, randomUUID } from 'node:crypto';
import type { AssetRecord, OtpAttempt, OtpIssue, SessionRecord, UserRecord } from '@vaultkit/core';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIME = { MINUTE, HOUR, DAY } as const;

/** A unique id (UUIDs suit every backend's id column). */
export const newId = (): string => randomUUID();

/** A unique valid username (`a-z 0-9 _`, 3-30 characters). */
export const newUsername = (): string => `u_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** A hash-shaped string, as core stores (base64url SHA-256). */
export const hashOf = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** A user created at `t` (ms), with a unique email and no username. */
export function userRecord(t: number, overrides: Partial<UserRecord> = {}): UserRecord {
  const id = overrides.id ?? newId();
  const now = new Date(t);
  return {
    id,
    email: `${id}@example.test`,
    username: null,
    passwordHash: hashOf(`password:${id}`),
    role: 'user',
    emailVerified: false,
    twoFactorEnabled: false,
    name: null,
    bio: null,
    avatar: null,
    cover: null,
    banned: false,
    credentialVersion: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A session created at `now` (ms), valid for an hour (sliding) and 30 days (absolute). */
export function sessionRecord(now: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: newId(),
    userId: newId(),
    refreshHash: hashOf(`refresh:${newId()}`),
    previousHash: null,
    rotatedAt: null,
    lastPair: null,
    expiresAt: new Date(now + HOUR),
    absoluteExpiresAt: new Date(now + 30 * DAY),
    createdAt: new Date(now),
    userAgent: 'contract-suite',
    ip: '127.0.0.1',
    credentialVersion: 0,
    ...overrides,
  };
}

/** A public image asset of a random owner, created at `t` (ms). */
export function assetRecord(t: number, overrides: Partial<AssetRecord> = {}): AssetRecord {
  const id = overrides.id ?? newId();
  const now = new Date(t);
  return {
    id,
    ownerId: newId(),
    publicId: `vaultkit/${id}`,
    url: `https://cdn.example.test/${id}.png`,
    kind: 'image',
    format: 'png',
    bytes: 1024,
    width: 64,
    height: 64,
    duration: null,
    title: `asset ${id}`,
    description: '',
    visibility: 'public',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** The OTP policy the suite uses: 5 tries, then a 15-minute lock. */
export const OTP_POLICY = { maxAttempts: 5, lockMs: 15 * MINUTE } as const;

/** A code issued at `now` (ms), valid 5 minutes, whose record is kept a day. */
export function otpIssue(now: number, overrides: Partial<OtpIssue> = {}): OtpIssue {
  return {
    purpose: 'verify-email',
    subject: newId(),
    codeHash: hashOf(`code:${newId()}`),
    expiresAt: new Date(now + 5 * MINUTE),
    retainUntil: new Date(now + DAY),
    now: new Date(now),
    ...overrides,
  };
}

/**
 * An attempt at `issue`'s flow at `now` (ms; the issue's own time unless given) with `codeHash`
 * (the right one unless given); a lock it sets lasts `OTP_POLICY.lockMs`.
 */
export function otpAttempt(issue: OtpIssue, codeHash: string = issue.codeHash, now: number = issue.now.getTime()): OtpAttempt {
  return {
    purpose: issue.purpose,
    subject: issue.subject,
    codeHash,
    maxAttempts: OTP_POLICY.maxAttempts,
    lockUntil: new Date(now + OTP_POLICY.lockMs),
    now: new Date(now),
  };
}

/** A wrong code for any flow. */
export const WRONG_CODE = hashOf('definitely-not-the-code');

/** Descending code-unit order: the port's tie-break for ids on equal dates. */
export function byCodeUnitsDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
