import type { RouteDefinition, Vault } from '@vaultkit/core';
import { expect } from 'vitest';
/** The parts of an answer this check reads. */
type Answer = { status: number; body: { data?: unknown; code?: unknown } | undefined };

/**
 * Checks an answer against what its operation declares: a success status is one of the
 * declared ones and `data` parses with that status's schema; an error's status and code are
 * among those the OpenAPI document lists for the route (so a 413 or 415 of an upload must be
 * declared too). The suite runs it on every answer of a vault route, so each test of each
 * adapter also proves the declarations true. Session answers under `tokenTransport: "cookie"`
 * leave the tokens out on purpose and are checked without them.
 */
export function expectDeclaredAnswer(vault: Vault, request: { method: string; path: string }, answer: Answer): void {
  const route = routeOf(vault, request);
  if (!route) return;
  if (answer.status >= 400) return expectDeclaredError(vault, route, answer);
  if (answer.status < 200 || answer.status >= 300) return;
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

/** An error answer's status and code are among the route's declared error answers. */
function expectDeclaredError(vault: Vault, route: RouteDefinition, answer: Answer): void {
  const where = `${route.method} ${route.path} answered ${answer.status} ${String(answer.body?.code)}`;
  const declared = declaredErrors(vault, route);
  expect(declared.has(answer.status), `${where}, a status its operation does not declare`).toBe(true);
  const codes = declared.get(answer.status);
  // 500 lists no codes: INTERNAL_ERROR is the only one, and the envelope says so.
  if (codes) expect(codes, `${where}, a code its operation does not declare`).toContain(answer.body?.code);
}

type Responses = Record<string, { content?: { 'application/json'?: { schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } } } }>;
const documents = new WeakMap<Vault, { paths: Record<string, Record<string, { responses: Responses }>> }>();

/** The route's error statuses and, for each, its codes (undefined for 500), read from the OpenAPI document. */
function declaredErrors(vault: Vault, route: RouteDefinition): Map<number, string[] | undefined> {
  let doc = documents.get(vault);
  if (!doc) documents.set(vault, (doc = vault.http.openapi() as NonNullable<typeof doc>));
  const path = `${vault.http.prefix}${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
  const responses = doc.paths[path]?.[route.method.toLowerCase()]?.responses ?? {};
  const errors = new Map<number, string[] | undefined>();
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    errors.set(Number(status), response.content?.['application/json']?.schema?.allOf?.[1]?.properties?.code?.enum);
  }
  return errors;
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
