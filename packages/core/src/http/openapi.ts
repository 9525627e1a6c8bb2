import { z } from 'zod';
import { ERROR_TABLE } from '../errors/codes.js';
import type { TokenCookieNames } from './cookies.js';
import type { RouteDefinition } from './types.js';

type JsonSchema = Record<string, unknown>;
type Defs = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('ErrorEnvelope')) });

/**
 * The OpenAPI 3.1 document of a route table, generated from the same zod declarations that
 * validate the requests (zod 4's `z.toJSONSchema`, input side).
 *
 * @example
 * app.get('/api/v1/openapi.json', (req, res) => res.json(buildOpenApi(routes, { prefix, cookieNames })));
 */
export function buildOpenApi(routes: readonly RouteDefinition[], options: { prefix: string; cookieNames: TokenCookieNames }): Record<string, unknown> {
  const defs: Defs = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `${options.prefix}${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route, defs);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vaultkit', version: '1.0.0', description: 'Accounts, sessions, email codes, roles and media.' },
    paths,
    components: {
      schemas: { ...envelopeSchemas(), ...defs },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: options.cookieNames.access.name },
      },
      responses: {
        BadRequest: errorResponse('The request is invalid (VALIDATION_FAILED with details, BAD_REQUEST)'),
        Unauthorized: errorResponse('Not authenticated (AUTH_REQUIRED, INVALID_TOKEN, TOKEN_EXPIRED)'),
        Forbidden: errorResponse('Forbidden (FORBIDDEN, CSRF_REJECTED, ...)'),
        TooManyRequests: {
          description: 'Rate limited',
          headers: {
            'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' },
            'X-RateLimit-Limit': { schema: { type: 'integer' } },
            'X-RateLimit-Remaining': { schema: { type: 'integer' } },
            'X-RateLimit-Reset': { schema: { type: 'integer' }, description: 'Unix time in seconds' },
          },
          content: json(ref('ErrorEnvelope')),
        },
      },
    },
  };
}

// --- internal ---

function operation(route: RouteDefinition, defs: Defs): Record<string, unknown> {
  const op: Record<string, unknown> = { operationId: operationId(route), summary: route.summary, tags: route.tags };
  const parameters = [...pathParameters(route, defs), ...queryParameters(route, defs)];
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) {
    const schema = toSchema(route.body, defs);
    const required = Array.isArray(schema.required) && schema.required.length > 0;
    op.requestBody = { required, content: json(schema) };
  }
  if (route.auth !== 'public') {
    op.security = [{ bearerAuth: [] }, { cookieAuth: [] }, ...(route.auth === 'optional' ? [{}] : [])];
  }
  const responses: Record<string, unknown> = {};
  for (const status of route.successStatuses ?? [200]) responses[String(status)] = { description: 'Success', content: json(ref('SuccessEnvelope')) };
  if (route.body || route.query || route.params) responses['400'] = { $ref: '#/components/responses/BadRequest' };
  if (route.auth !== 'public') responses['401'] = { $ref: '#/components/responses/Unauthorized' };
  if (route.auth === 'admin' || route.permission || route.method !== 'GET') responses['403'] = { $ref: '#/components/responses/Forbidden' };
  if (route.body) {
    responses['413'] = errorResponse('The body is larger than 100 KiB');
    responses['415'] = errorResponse('The body is not JSON');
  }
  if (route.rateLimit) responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
  responses.default = errorResponse('Error');
  op.responses = responses;
  return op;
}

function pathParameters(route: RouteDefinition, defs: Defs): unknown[] {
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const props = route.params ? properties(toSchema(route.params, defs)) : {};
  return names.map((name) => ({ name, in: 'path', required: true, schema: props[name] ?? { type: 'string' } }));
}

function queryParameters(route: RouteDefinition, defs: Defs): unknown[] {
  if (!route.query) return [];
  const schema = toSchema(route.query, defs);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties(schema)).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s }));
}

function properties(schema: JsonSchema): Record<string, unknown> {
  const props = schema.properties;
  return typeof props === 'object' && props !== null ? (props as Record<string, unknown>) : {};
}

/** JSON Schema of the input side; named sub-schemas (`.meta({ id })`) move to `components`. */
function toSchema(schema: z.ZodType, defs: Defs): JsonSchema {
  let out: JsonSchema;
  try {
    out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return {};
  }
  const { $schema: _dialect, $defs, ...rest } = out;
  if ($defs && typeof $defs === 'object') Object.assign(defs, $defs);
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

function operationId(route: RouteDefinition): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `By${capitalize(seg.slice(1))}` : seg.split(/[^A-Za-z0-9]+/).map(capitalize).join('')));
  return `${route.method.toLowerCase()}${words.join('')}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function envelopeSchemas(): Record<string, unknown> {
  return {
    SuccessEnvelope: {
      type: 'object',
      required: ['status'],
      properties: { status: { const: 'success' }, data: {}, message: { type: 'string' } },
    },
    ErrorEnvelope: {
      type: 'object',
      required: ['status', 'code', 'message'],
      properties: {
        status: { const: 'error' },
        code: { type: 'string', enum: Object.keys(ERROR_TABLE) },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        retryAfter: { type: 'integer', description: 'Seconds (429 only)' },
        retryAfterFormatted: { type: 'string', examples: ['5 minutes'] },
      },
    },
  };
}
