/*
 * @vaultkit/fastify: option types and the declarations added to Fastify's types.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext, VaultHttp } from '@vaultkit/core';

/** What the plugin needs from a vault: its neutral HTTP layer (`createVault()` returns one). */
export interface VaultLike {
  readonly http: VaultHttp;
}

export interface VaultkitOptions {
  /** The vault to serve (the app creates it and closes it; the plugin never does). */
  vault: VaultLike;
}

/** The caller set on `request.user` by the preHandlers. */
export interface VaultUser {
  id: string;
  role: string;
  sessionId: string;
}

/** A preHandler that answers the core's error envelope itself when it refuses the request. */
export type VaultPreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | void>;

/** `fastify.vault`: preHandlers for the app's own routes. */
export interface VaultkitDecorator {
  /**
   * Lets only authenticated callers through (Bearer token or access cookie; CSRF-checked for
   * unsafe cookie requests) and fills `request.user` / `request.auth`; otherwise 401/403.
   */
  requireAuth(): VaultPreHandler;
  /** `requireAuth`, then 403 `FORBIDDEN` unless the role is `roleOrPermission` or has that permission. */
  requireRole(roleOrPermission: string): VaultPreHandler;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `fastify.vault.requireAuth()` / `requireRole()`; `null` otherwise. */
    user: VaultUser | null;
    /** Set by `fastify.vault.requireAuth()` / `requireRole()`; `null` otherwise. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Added by `@vaultkit/fastify`. */
    vault: VaultkitDecorator;
  }
}
