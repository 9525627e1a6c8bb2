import { newId } from '../crypto/random.js';
import type { UserRecord } from '../ports/storage.js';

/** What varies between new accounts; everything else starts empty. */
export interface NewUserInput {
  email: string;
  passwordHash: string;
  role: string;
  emailVerified: boolean;
  username?: string | null;
  name?: string | null;
}

/** A fresh account record (not stored yet), with an id and timestamps from `now`. */
export function newUserRecord(input: NewUserInput, now: Date): UserRecord {
  return {
    id: newId(),
    email: input.email,
    username: input.username ?? null,
    passwordHash: input.passwordHash,
    role: input.role,
    emailVerified: input.emailVerified,
    twoFactorEnabled: false,
    name: input.name ?? null,
    bio: null,
    avatar: null,
    cover: null,
    banned: false,
    credentialVersion: 0,
    createdAt: now,
    updatedAt: now,
  };
}
