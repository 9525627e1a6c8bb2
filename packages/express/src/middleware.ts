/*
 * @vaultkit/express: `requireAuth` / `requireRole` for the app's own routes.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files). The checks
 * (Bearer or cookie, CSRF for unsafe cookie requests, revocation, roles) live in the core.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { VaultError, type AuthContext, type VaultHttp } from '@vaultkit/core';
import { assertVault, type VaultLike } from './router.js';
import { sendVaultResponse, toVaultRequest } from './translate.js';
import './types.js';

/**
 * Middleware that lets only authenticated callers through (Bearer token or the access cookie)
 * and sets `req.user` (`{ id, role, sessionId }`) and `req.auth`. Otherwise it answers the core's
 * 401 (or 403 `CSRF_REJECTED`) envelope.
 *
 * @example
 * app.get('/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
 */
export function requireAuth(vault: VaultLike): RequestHandler {
  assertVault(vault, 'requireAuth');
  const http = vault.http;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (await authenticate(http, req, res)) next();
  };
}

/**
 * Like `requireAuth`, then 403 `FORBIDDEN` unless the caller's role is `roleOrPermission` or has
 * that permission (see the `roles` option of `createVault`).
 *
 * @example
 * app.delete('/posts/:id', requireRole(vault, 'admin'), deletePost);
 * app.post('/posts', requireRole(vault, 'posts:write'), createPost);
 */
export function requireRole(vault: VaultLike, roleOrPermission: string): RequestHandler {
  assertVault(vault, 'requireRole');
  if (typeof roleOrPermission !== 'string' || roleOrPermission === '') {
    throw new TypeError('requireRole(vault, roleOrPermission): expected a role or permission name');
  }
  const http = vault.http;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.auth && !(await authenticate(http, req, res))) return;
    if (http.authorize(req.auth!, roleOrPermission)) next();
    else sendVaultResponse(res, http.renderError(new VaultError('FORBIDDEN')));
  };
}

// --- internal ---

/** Fills `req.auth`/`req.user` and resolves `true`, or answers the failure and resolves `false`. */
async function authenticate(http: VaultHttp, req: Request, res: Response): Promise<boolean> {
  try {
    const result = await http.authenticate(toVaultRequest(req, false));
    if (!result.ok) {
      sendVaultResponse(res, result.response);
      return false;
    }
    setCaller(req, result.auth);
    return true;
  } catch (error) {
    sendVaultResponse(res, http.renderError(error));
    return false;
  }
}

function setCaller(req: Request, auth: AuthContext): void {
  req.auth = auth;
  req.user = { id: auth.userId, role: auth.role, sessionId: auth.sessionId };
}
