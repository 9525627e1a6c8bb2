/*
 * @vaultkit/fastify: `fastify.vault.requireAuth()` / `requireRole()` for the app's own routes,
 * and the checks that catch them passed without being called.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). The checks
 * (Bearer or cookie, CSRF, revocation, roles) live in the core; this file only speaks Fastify.
 */
import type { FastifyReply, FastifyRequest, onRouteHookHandler } from 'fastify';
import { VaultError, type Authentication, type VaultHttp, type VaultLogger } from '@vaultkit/core';
import { authenticateRequest, callerOf, misconfigured } from '@vaultkit/core/node';
import { sendVaultResponse } from './translate.js';
import type { VaultkitDecorator, VaultPreHandler } from './types.js';

/** What the guards need: the vault's HTTP layer and logger, and the request property they fill. */
export interface GuardContext {
  readonly http: VaultHttp;
  readonly logger: VaultLogger;
  readonly decoratorName: string;
}

/**
 * The `fastify.vault` decorator. Each helper returns a preHandler; called by Fastify itself (as
 * a hook added uncalled with `addHook`, which no registration check sees) it answers a 500
 * envelope naming the fix instead of leaving the request hanging.
 */
export function createGuards(ctx: GuardContext): VaultkitDecorator {
  const { http, decoratorName } = ctx;
  let uncalledReported = false;

  /** Called by Fastify as a hook: a 500 envelope naming the fix (the reply stops the chain). */
  function answerUncalled(call: string, reply: unknown): FastifyReply {
    const name = call.slice(0, call.indexOf('('));
    if (!isReply(reply)) throw new TypeError(`fastify.vault.${call}: unexpected arguments`);
    const message = `vaultkit: fastify.vault.${name} was added as a hook without being called. Call it: { preHandler: fastify.vault.${call} }.`;
    // The logger adds its own `[vaultkit]` prefix.
    if (!uncalledReported) ctx.logger.error(message.replace(/^vaultkit: /, ''));
    uncalledReported = true;
    return sendVaultResponse(reply, misconfigured(message));
  }

  /** Fills `request.auth` and the caller property and returns `true`, or answers the failure. */
  function apply(request: FastifyRequest, reply: FastifyReply, result: Authentication): boolean {
    if (!result.ok) {
      sendVaultResponse(reply, result.response);
      return false;
    }
    request.auth = result.auth;
    (request as unknown as Record<string, unknown>)[decoratorName] = callerOf(result.auth);
    return true;
  }

  /** `apply` once the request is authenticated: resolves `false` when it has answered. */
  const authenticate = (request: FastifyRequest, reply: FastifyReply): Promise<boolean> =>
    authenticateRequest(http, request.raw, (result) => apply(request, reply, result));

  // One preHandler for every `requireAuth()`: it holds no per-route state. It runs on every
  // protected request, so it is a plain function returning one promise (no async frame): the
  // promise resolves with the reply when the hook has answered, which stops the chain.
  const authOnly: VaultPreHandler = (request, reply) =>
    authenticateRequest(http, request.raw, (result) => (apply(request, reply, result) ? undefined : reply));

  function requireAuth(...asHook: unknown[]): VaultPreHandler {
    if (asHook.length > 0) return answerUncalled('requireAuth()', asHook[1]) as never;
    return authOnly;
  }

  function requireRole(roleOrPermission: string, ...asHook: unknown[]): VaultPreHandler {
    if (asHook.length > 0) return answerUncalled("requireRole('role')", asHook[0]) as never;
    if (typeof roleOrPermission !== 'string' || roleOrPermission === '') {
      throw new TypeError('fastify.vault.requireRole(roleOrPermission): expected a role or permission name');
    }
    return async (request, reply) => {
      if (!request.auth && !(await authenticate(request, reply))) return reply;
      if (!http.authorize(request.auth!, roleOrPermission)) return sendVaultResponse(reply, http.renderError(new VaultError('FORBIDDEN')));
    };
  }

  return { requireAuth, requireRole };
}

/** Every route option that holds hooks. */
const HOOK_OPTIONS = ['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout', 'onRequestAbort'] as const;

/**
 * An `onRoute` hook that fails the route's registration with a `TypeError` when a helper of
 * `fastify.vault` is one of its hooks uncalled (`{ onRequest: fastify.vault.requireAuth }`):
 * Fastify would call it as the hook, get a function back and wait for ever.
 */
export function rejectUncalledGuards(guards: VaultkitDecorator): onRouteHookHandler {
  return (route) => {
    for (const hook of HOOK_OPTIONS) {
      const value: unknown = route[hook];
      const hooks = Array.isArray(value) ? value : [value];
      for (const fn of hooks) {
        if (fn !== guards.requireAuth && fn !== guards.requireRole) continue;
        const call = fn === guards.requireAuth ? 'requireAuth()' : "requireRole('role')";
        throw new TypeError(
          `@vaultkit/fastify: ${String(route.method)} ${route.url}: fastify.vault.${call.slice(0, call.indexOf('('))} was passed as the ${hook} hook without being called. ` +
            `Call it: { ${hook}: fastify.vault.${call} }.`,
        );
      }
    }
  };
}

// --- internal ---

function isReply(value: unknown): value is FastifyReply {
  const candidate = value as Partial<FastifyReply> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.send === 'function' && typeof candidate.code === 'function';
}
