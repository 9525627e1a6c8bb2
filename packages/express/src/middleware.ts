/*
 * @vaultkit/express: `requireAuth` / `requireRole` for the app's own routes.
 *
 * Adapters import only @vaultkit/core's public entry points (`@vaultkit/core`,
 * `@vaultkit/core/node`), never its files. The checks (Bearer or cookie, CSRF for unsafe cookie
 * requests, revocation, roles) live in the core; this file only speaks Express.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { VaultError, type Authentication, type VaultHttp } from '@vaultkit/core';
import { assertVault, authenticateRequest, callerOf, isHttpRequest, misconfigured, writeVaultResponse, type VaultLike } from '@vaultkit/core/node';
import './types.js';

/**
 * Middleware that lets only authenticated callers through (Bearer token or the access cookie)
 * and sets `req.user` (`{ id, role, sessionId }`) and `req.auth`. Otherwise it answers the core's
 * 401 (or 403 `CSRF_REJECTED`) envelope. Call it with the vault: passed uncalled
 * (`app.get('/x', requireAuth, handler)`), every request gets a 500 envelope saying so.
 *
 * @example
 * app.get('/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
 */
export function requireAuth(vault: VaultLike): RequestHandler;
export function requireAuth(vault: VaultLike, res?: unknown): RequestHandler | undefined {
  // Called by Express as `(req, res, next)`: the "vault" is the request.
  if (isHttpRequest(vault)) return answerUncalled('requireAuth(vault)', res as Response);
  assertVault(vault, 'requireAuth');
  const http = vault.http;
  // Runs on every protected request: a plain function returning one promise (no async frames).
  // Express 5 sends a rejection of the returned promise to `next(error)`, as with an async one.
  return (req: Request, res: Response, next: NextFunction) =>
    authenticateRequest(http, req, (result) => {
      if (apply(req, res, result)) next();
    });
}

/**
 * Like `requireAuth`, then 403 `FORBIDDEN` unless the caller's role is `roleOrPermission` or has
 * that permission (see the `roles` option of `createVault`).
 *
 * @example
 * app.delete('/posts/:id', requireRole(vault, 'admin'), deletePost);
 * app.post('/posts', requireRole(vault, 'posts:write'), createPost);
 */
export function requireRole(vault: VaultLike, roleOrPermission: string): RequestHandler;
export function requireRole(vault: VaultLike, roleOrPermission: string): RequestHandler | undefined {
  // Called by Express as `(req, res, next)`: the "vault" is the request, the role the response.
  if (isHttpRequest(vault)) return answerUncalled("requireRole(vault, 'role')", roleOrPermission as unknown as Response);
  assertVault(vault, 'requireRole');
  if (typeof roleOrPermission !== 'string' || roleOrPermission === '') {
    throw new TypeError('requireRole(vault, roleOrPermission): expected a role or permission name');
  }
  const http = vault.http;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.auth && !(await authenticate(http, req, res))) return;
    if (http.authorize(req.auth!, roleOrPermission)) next();
    else writeVaultResponse(res, http.renderError(new VaultError('FORBIDDEN')));
  };
}

// --- internal ---

/** Fills `req.auth`/`req.user` and returns `true`, or answers the failure and returns `false`. */
function apply(req: Request, res: Response, result: Authentication): boolean {
  if (!result.ok) {
    writeVaultResponse(res, result.response);
    return false;
  }
  req.auth = result.auth;
  req.user = callerOf(result.auth);
  return true;
}

/** `apply` once the request is authenticated: resolves `false` when it has answered. */
function authenticate(http: VaultHttp, req: Request, res: Response): Promise<boolean> {
  return authenticateRequest(http, req, (result) => apply(req, res, result));
}

const warned = new Set<string>();

/**
 * Express called the helper itself as middleware: the route cannot tell who is signed in, so it
 * must not run. No TypeError is possible at registration (Express never calls it before a
 * request), so the request gets a 500 envelope naming the fix and the process a warning, once.
 */
function answerUncalled(call: string, res: Response): undefined {
  const name = call.slice(0, call.indexOf('('));
  const message = `vaultkit: ${name} was passed to Express without being called. Use ${call} in the route: app.get('/path', ${call}, handler).`;
  if (!warned.has(name)) {
    warned.add(name);
    process.emitWarning(message, { code: 'VAULTKIT_UNCALLED_MIDDLEWARE' });
  }
  writeVaultResponse(res, misconfigured(message));
  return undefined;
}
