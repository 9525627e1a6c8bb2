/*
 * @vaultkit/express: the vault's routes without path parameters, found by their exact path.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RouteDefinition } from '@vaultkit/core';

/**
 * The routes without path parameters (the hot ones, like `GET /users/me`), found with one `Map`
 * lookup before Express walks its layers (a regular expression per route, in declaration order).
 * The same match as those layers, which stay registered for everything else: exact and
 * case-sensitive on the path, no trailing slash, HEAD served by the GET route (as Express does).
 * Any other request falls through to them unchanged.
 */
export function directDispatch(direct: ReadonlyMap<string, ReadonlyMap<string, RequestHandler>>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const handler = direct.get(req.method === 'HEAD' ? 'GET' : req.method)?.get(req.path);
    return handler === undefined ? next() : handler(req, res, next);
  };
}

/**
 * Whether a route can be found by its exact path: it has no `:param`, and no route declared
 * before it with the same method matches that path (Express would serve that one first).
 */
export function isDirect(route: RouteDefinition, earlier: readonly RouteDefinition[]): boolean {
  if (route.path.includes(':')) return false;
  const segments = route.path.split('/');
  return !earlier.some((other) => {
    if (other.method !== route.method) return false;
    const pattern = other.path.split('/');
    return pattern.length === segments.length && pattern.every((part, i) => part === segments[i] || (part.startsWith(':') && segments[i] !== ''));
  });
}
