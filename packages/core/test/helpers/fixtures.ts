import type { Storage, UserRecord } from '../../src/index.js';
import { newUserRecord } from '../../src/users/new-user.js';

let counter = 0;

/** Inserts a verified user straight into storage (no bcrypt: the hash is never checked). */
export async function insertUser(storage: Pick<Storage, 'users'>, patch: Partial<UserRecord> = {}): Promise<UserRecord> {
  counter += 1;
  const base = newUserRecord({ email: `user${counter}@example.test`, passwordHash: 'not-a-real-hash', role: 'user', emailVerified: true }, new Date(Date.UTC(2026, 0, 1)));
  const user: UserRecord = { ...base, id: `user-${counter}`, ...patch };
  await storage.users.create(user);
  return user;
}
