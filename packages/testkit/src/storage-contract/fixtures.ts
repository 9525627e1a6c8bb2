import { createHash, randomUUID } from 'node:crypto';
import type { AssetRecord, Clock, OtpAttempt, OtpIssue, SessionRecord, UserRecord } from '@vaultkit/core';

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

export function userRecord(clock: Clock, overrides: Partial<UserRecord> = {}): UserRecord {
  const id = overrides.id ?? newId();
  const now = new Date(clock.now());
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

/** A session valid for an hour (sliding) and 30 days (absolute). */
export function sessionRecord(clock: Clock, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = clock.now();
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

export function assetRecord(clock: Clock, overrides: Partial<AssetRecord> = {}): AssetRecord {
  const id = overrides.id ?? newId();
  const now = new Date(clock.now());
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

/** A code valid 5 minutes whose record is kept a day. */
export function otpIssue(clock: Clock, overrides: Partial<OtpIssue> = {}): OtpIssue {
  const now = clock.now();
  return {
    purpose: 'verify-email',
    subject: newId(),
    codeHash: hashOf(`code:${newId()}`),
    expiresAt: new Date(now + 5 * MINUTE),
    retainUntil: new Date(now + DAY),
    ...overrides,
  };
}

/** An attempt at `issue`'s flow with `codeHash` (the right one unless given). */
export function otpAttempt(issue: OtpIssue, codeHash: string = issue.codeHash): OtpAttempt {
  return { purpose: issue.purpose, subject: issue.subject, codeHash, ...OTP_POLICY };
}

/** A wrong code for any flow. */
export const WRONG_CODE = hashOf('definitely-not-the-code');
