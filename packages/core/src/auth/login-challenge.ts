import type { VaultContext } from '../context.js';
import { open, seal } from '../crypto/sealed-box.js';
import type { UserRecord } from '../ports/storage.js';

interface ChallengeBody {
  uid: string;
  /** The credential version the password was checked under. */
  ver: number;
  exp: number;
}

/** What a live challenge names. */
export interface OpenChallenge {
  userId: string;
  credentialVersion: number;
}

/**
 * A login challenge id is the user id and an expiry sealed with a server key: it needs no
 * storage, reveals nothing, and cannot be forged or stretched.
 */
export function createChallengeId(ctx: VaultContext, user: Pick<UserRecord, 'id' | 'credentialVersion'>): string {
  const exp = ctx.clock.now() + ctx.config.otp.ttlMs * 2;
  return seal(ctx.keys.sealKey, 'login-challenge', { uid: user.id, ver: user.credentialVersion, exp } satisfies ChallengeBody);
}

/** The user and credential version of a live challenge, or `null`. */
export function openChallengeId(ctx: VaultContext, challengeId: string): OpenChallenge | null {
  const body = open<ChallengeBody>(ctx.keys.sealKey, 'login-challenge', challengeId);
  if (!body || typeof body.uid !== 'string' || typeof body.ver !== 'number' || typeof body.exp !== 'number') return null;
  return body.exp > ctx.clock.now() ? { userId: body.uid, credentialVersion: body.ver } : null;
}
