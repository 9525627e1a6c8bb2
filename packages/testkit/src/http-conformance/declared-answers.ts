import type { RouteDefinition, Vault } from '@vaultkit/core';
import { expect } from 'vitest';
/** The parts of an answer this check reads. */
type Answer = { status: number; body: { data?: unknown } | undefined };

/**
 * Checks a success answer against what its operation declares: the status is one of the
 * declared ones and `data` parses with that status's schema (the one the OpenAPI document
 * publishes). The suite runs it on every 2xx answer of a vault route, so each test of each
 * adapter also proves the declarations true. Session answers under `tokenTransport: "cookie"`
 * leave the tokens out on purpose and are checked without them.
 */
export function expectDeclaredAnswer(vault: Vault, request: { method: string; path: string }, answer: Answer): void {
  if (answer.status < 200 || answer.status >= 300) return;
  const route = routeOf(vault, request);
  if (!route) return;
  const output = route.operation.output as Record<number, { safeParse(value: unknown): { success: boolean; error?: unknown } }>;
  const schema = output[answer.status];
  expect(schema, `${request.method} ${request.path} answered ${answer.status}, which its operation does not declare`).toBeDefined();
  let data: unknown = answer.body?.data;
  if (vault.config.http.tokenTransport === 'cookie' && data && typeof data === 'object' && 'expiresIn' in data) {
    data = { ...data, accessToken: 'left out by the transport', refreshToken: 'left out by the transport' };
  }
  const parsed = schema!.safeParse(data);
  expect(parsed.success, `${request.method} ${request.path} ${answer.status}: data does not match its declared schema: ${String(parsed.error)}`).toBe(true);
}

/** The mounted route a request path (without the prefix) matches. */
function routeOf(vault: Vault, request: { method: string; path: string }): RouteDefinition | undefined {
  const path = request.path.split('?')[0]!;
  return vault.http.routes.find((route) => route.method === request.method && pattern(route.path).test(path));
}

const patterns = new Map<string, RegExp>();
function pattern(path: string): RegExp {
  let regex = patterns.get(path);
  if (!regex) patterns.set(path, (regex = new RegExp(`^${path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`)));
  return regex;
}
