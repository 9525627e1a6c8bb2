import type { AssetKind } from '../ports/storage.js';

/**
 * Events for audit logs. Payloads carry ids and metadata only: never a password, hash, code or
 * token.
 */
export interface VaultEventMap {
  'user.registered': { userId: string; email: string; ip: string | null };
  'user.verified': { userId: string };
  'user.updated': { userId: string; fields: string[] };
  'user.deleted': { userId: string; by: string | null };
  'user.role_changed': { userId: string; role: string; by: string | null };
  'user.banned': { userId: string; banned: boolean; by: string | null };
  'auth.login': { userId: string; sessionId: string; ip: string | null; userAgent: string | null };
  'auth.challenge': { userId: string; ip: string | null };
  'auth.failed': { identifier: string; reason: 'invalid_credentials' | 'banned' | 'unverified' | 'locked'; ip: string | null };
  'auth.logout': { userId: string; sessionId: string; all: boolean };
  'password.changed': { userId: string; via: 'change' | 'reset' };
  'password.reset_requested': { email: string; ip: string | null };
  'otp.sent': { purpose: string; userId: string };
  'two_factor.changed': { userId: string; enabled: boolean };
  'token.refreshed': { userId: string; sessionId: string };
  'token.reuse_detected': { userId: string; sessionId: string; ip: string | null };
  'session.revoked': { userId: string; sessionId: string; reason: SessionRevokeReason };
  'mail.failed': { to: string; subject: string; attempts: number; error: string };
  'rate_limit.exceeded': { bucket: string; key: string };
  'asset.uploaded': { assetId: string; ownerId: string; kind: AssetKind; bytes: number };
  'asset.deleted': { assetId: string; ownerId: string; by: string | null };
  'channel.subscribed': { subscriberId: string; channelId: string };
  'channel.unsubscribed': { subscriberId: string; channelId: string };
}

export type SessionRevokeReason =
  | 'logout'
  | 'logout_all'
  | 'reuse_detected'
  | 'password_changed'
  | 'password_reset'
  | 'role_changed'
  | 'banned'
  | 'deleted'
  | 'user_request'
  /** A session created by a login that overlapped a password change, reset, ban or logout-all. */
  | 'credentials_changed';

export type VaultEventName = keyof VaultEventMap;
export type VaultEventListener<E extends VaultEventName> = (payload: VaultEventMap[E]) => void;

export interface VaultEvents {
  on<E extends VaultEventName>(event: E, listener: VaultEventListener<E>): () => void;
  emit<E extends VaultEventName>(event: E, payload: VaultEventMap[E]): void;
}
