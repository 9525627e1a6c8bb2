import type { VaultContext } from '../context.js';
import { open, seal } from '../crypto/sealed-box.js';

interface ChallengeBody {
  uid: string;
  exp: number;
}

/**
 * A login challenge id is the user id and an expiry sealed with a server key: it needs no
 * storage, reveals nothing, and cannot be forged or stretched.
 */
export function createChallengeId(ctx: VaultContext, userId: string): string {
  const exp = ctx.clock.now() + ctx.config.otp.ttlMs * 2;
  return seal(ctx.keys.sealKey, 'login-challenge', { uid: userId, exp } satisfies ChallengeBody);
}

/** The user id of a live challenge, or `null`. */
export function openChallengeId(ctx: VaultContext, challengeId: string): string | null {
  const body = open<ChallengeBody>(ctx.keys.sealKey, 'login-challenge', challengeId);
  if (!body || typeof body.uid !== 'string' || typeof body.exp !== 'number') return null;
  return body.exp > ctx.clock.now() ? body.uid : null;
}
