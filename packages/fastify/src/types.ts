/*
 * @vaultkit/fastify: option types and the declarations added to Fastify's types.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '@vaultkit/core';
import type { VaultLike, VaultUser } from '@vaultkit/core/node';

export type { VaultLike, VaultUser };

export interface VaultkitOptions {
  /** The vault to serve (the app creates it and closes it; the plugin never does). */
  vault: VaultLike;
  /**
   * The request property that `fastify.vault.requireAuth()` / `requireRole()` fill with the
   * caller (`{ id, role, sessionId }`), as @fastify/jwt's option of the same name. Pick another
   * name beside a plugin that already decorates `request.user` (@fastify/jwt does by default);
   * registering on a taken name fails the registration with an error naming this option. To type
   * the renamed property, augment `VaultkitTypes` (see there).
   * @default 'user'
   */
  decoratorName?: string;
}

/**
 * Augment this interface to type the property chosen with `decoratorName`; without it the types
 * declare `request.user`.
 *
 * @example
 * declare module '@vaultkit/fastify' {
 *   interface VaultkitTypes { decoratorName: 'vault' }
 * }
 * await app.register(vaultkit, { vault, decoratorName: 'vault' });
 * app.get('/me', { preHandler: app.vault.requireAuth() }, async (request) => request.vault!.id);
 */
export interface VaultkitTypes {}

/**
 * The request property typed as the caller: `VaultkitTypes['decoratorName']`, else `'user'`.
 *
 * @example
 * declare module '@vaultkit/fastify' { interface VaultkitTypes { decoratorName: 'vault' } }
 * type Name = VaultkitDecoratorName; // 'vault' (without the augmentation: 'user')
 */
export type VaultkitDecoratorName = VaultkitTypes extends { decoratorName: infer Name extends string } ? Name : 'user';

/**
 * The caller property on every request. `null` until a preHandler of `fastify.vault` ran:
 * Fastify's types cannot tell that one did, so behind `requireAuth()` it is set but still typed
 * `VaultUser | null` (write `request.user!`, or narrow with `if (!request.user)`).
 *
 * @example
 * app.get('/me', { preHandler: app.vault.requireAuth() }, async (request) => ({ id: request.user!.id }));
 */
export type VaultkitRequestCaller = { [Name in VaultkitDecoratorName]: VaultUser | null };

/**
 * A preHandler that answers the core's error envelope itself when it refuses the request.
 *
 * @example
 * const adminsOnly: VaultPreHandler = app.vault.requireRole('admin');
 */
export type VaultPreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | void>;

/** `fastify.vault`: preHandlers for the app's own routes. */
export interface VaultkitDecorator {
  /**
   * Lets only authenticated callers through (Bearer token or access cookie; CSRF-checked for
   * unsafe cookie requests) and fills `request.user` (or the `decoratorName` property) and
   * `request.auth`; otherwise 401/403. Call it: `{ preHandler: fastify.vault.requireAuth() }`.
   */
  requireAuth(): VaultPreHandler;
  /** `requireAuth`, then 403 `FORBIDDEN` unless the role is `roleOrPermission` or has that permission. */
  requireRole(roleOrPermission: string): VaultPreHandler;
}

declare module 'fastify' {
  interface FastifyRequest extends VaultkitRequestCaller {
    /** Set by `fastify.vault.requireAuth()` / `requireRole()`; `null` otherwise. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Added by `@vaultkit/fastify`. */
    vault: VaultkitDecorator;
  }
}
