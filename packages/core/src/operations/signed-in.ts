import type { SignedIn } from '../auth/account-security.js';
import { VaultError } from '../errors/vault-error.js';
import type { CallContext } from './define.js';

/** The caller of an operation declared `auth: 'user'` (the invoker guarantees there is one). */
export function signedIn(call: CallContext): SignedIn {
  if (!call.caller) throw new VaultError('AUTH_REQUIRED');
  return { userId: call.caller.id, sessionId: call.caller.sessionId, claims: call.claims ?? undefined };
}
