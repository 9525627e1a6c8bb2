import { ERROR_TABLE, type VaultErrorCode } from '../errors/codes.js';
import type { MultipartBody } from '../media/multipart-body.js';
import { contentTypesOf } from '../media/sniff.js';
import type { AnyOperation, OutputSchemas } from '../operations/define.js';
import type { TokenCookieNames } from './cookies.js';
import { properties, toSchema, type Defs, type JsonSchema } from './openapi-schema.js';
import type { RouteDefinition } from './types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const RATE_HEADERS = {
  'X-RateLimit-Limit': { schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { schema: { type: 'integer' } },
  'X-RateLimit-Reset': { schema: { type: 'integer' }, description: 'Unix time in seconds' },
};

/**
 * The OpenAPI 3.1 document of the mounted routes, generated from the operations' declarations:
 * request schemas from `input` (the same ones that validate), one answer per success status from
 * `output`, and one answer per error status listing the codes the operation can give.
 *
 * @example
 * app.get('/api/v1/openapi.json', (req, res) => res.json(vault.http.openapi()));
 */
export function buildOpenApi(routes: readonly RouteDefinition[], options: { prefix: string; cookieNames: TokenCookieNames }): Record<string, unknown> {
  const defs: Defs = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `${options.prefix}${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.method.toLowerCase()] = operationObject(route, defs);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vaultkit', version: '1.0.0', description: 'Accounts, sessions, email codes, roles and media.' },
    paths,
    components: {
      schemas: { ErrorEnvelope: errorEnvelope(), ...defs },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: options.cookieNames.access.name },
      },
    },
  };
}

// --- internal ---

function operationObject(route: RouteDefinition, defs: Defs): Record<string, unknown> {
  const op = route.operation;
  const result: Record<string, unknown> = { operationId: op.name.replace('.', '_'), summary: op.summary, tags: [op.name.split('.')[0]] };
  const input = op.input ? toSchema(op.input, defs, 'input') : null;
  const pathNames = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const parameters: unknown[] = pathNames.map((name) => ({ name, in: 'path', required: true, schema: (input && properties(input)[name]) ?? { type: 'string' } }));
  if (input && route.method === 'GET') parameters.push(...queryParameters(input, pathNames));
  if (parameters.length > 0) result.parameters = parameters;
  if (input && route.body === 'json') result.requestBody = { required: true, content: json(withoutFields(input, pathNames)) };
  if (input && route.body === 'multipart') result.requestBody = { required: true, content: multipartContent(route, withoutFields(input, pathNames)) };
  if (op.auth !== 'public') result.security = [{ bearerAuth: [] }, { cookieAuth: [] }, ...(op.auth === 'optional' ? [{}] : [])];
  result.responses = { ...successAnswers(route, defs), ...errorAnswers(route) };
  return result;
}

/**
 * A `multipart/form-data` body (the file field is a binary string, with the MIME types its kinds
 * allow as its encoding), and the JSON alternative without the file when the route takes one.
 */
function multipartContent(route: RouteDefinition, schema: JsonSchema): Record<string, unknown> {
  const spec = route.operation.http?.body as MultipartBody;
  const content: Record<string, unknown> = {
    'multipart/form-data': { schema, encoding: { [spec.file]: { contentType: contentTypesOf(spec.kinds).join(', ') } } },
  };
  if (spec.json) Object.assign(content, json(withoutFields(schema, [spec.file])));
  return content;
}

function queryParameters(input: JsonSchema, pathNames: string[]): unknown[] {
  const required = new Set(Array.isArray(input.required) ? (input.required as string[]) : []);
  return Object.entries(properties(input))
    .filter(([name]) => !pathNames.includes(name))
    .map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
}

/** The body schema: the input without the fields that come from the path. */
function withoutFields(input: JsonSchema, names: string[]): JsonSchema {
  if (names.length === 0 || !input.properties) return input;
  const props = Object.fromEntries(Object.entries(properties(input)).filter(([name]) => !names.includes(name)));
  const required = Array.isArray(input.required) ? (input.required as string[]).filter((name) => !names.includes(name)) : undefined;
  return { ...input, properties: props, ...(required ? { required } : {}) };
}

function successAnswers(route: RouteDefinition, defs: Defs): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.operation.output as OutputSchemas)) {
    const envelope = {
      type: 'object',
      required: ['status', 'data'],
      properties: { status: { const: 'success' }, data: toSchema(schema, defs, 'output'), message: { type: 'string' } },
    };
    answers[status] = { description: 'Success', headers: route.operation.rateLimit ? RATE_HEADERS : undefined, content: json(envelope) };
  }
  return answers;
}

/** Every error code the route can answer, grouped by status. */
export function errorCodesOf(route: RouteDefinition): Map<number, VaultErrorCode[]> {
  const op: AnyOperation = route.operation;
  const codes: VaultErrorCode[] = [];
  if (op.input) codes.push('VALIDATION_FAILED');
  // Every body kind: unreadable (malformed JSON, a form without a boundary or cut short: 400), too
  // large (the body, a file over its kind's limit, too many parts, a long text field: 413), or of
  // a type the route does not take (another content type, a file format not allowed here: 415).
  if (route.body !== 'none') codes.push('BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  // A path parameter that is not valid percent-encoding cannot be read either (400).
  if (route.path.includes('/:')) codes.push('BAD_REQUEST');
  if (op.auth === 'user') codes.push('AUTH_REQUIRED');
  if (op.auth !== 'public') codes.push('INVALID_TOKEN', 'TOKEN_EXPIRED');
  // Cookie-authenticated unsafe requests pass the CSRF origin check (and refresh reads a cookie).
  if (route.method !== 'GET' && (op.auth !== 'public' || op.http?.refreshCookieField)) codes.push('CSRF_REJECTED');
  if (op.permission) codes.push('FORBIDDEN');
  if (op.rateLimit) codes.push('RATE_LIMITED');
  codes.push(...(op.errors ?? []), 'DEPENDENCY_UNAVAILABLE');
  const byStatus = new Map<number, VaultErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_TABLE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

function errorAnswers(route: RouteDefinition): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [status, codes] of [...errorCodesOf(route)].sort(([a], [b]) => a - b)) {
    const schema = { allOf: [ref('ErrorEnvelope'), { properties: { code: { enum: codes } } }] };
    const headers = status === 429 ? { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' }, ...RATE_HEADERS } : undefined;
    answers[String(status)] = { description: codes.join(', '), ...(headers ? { headers } : {}), content: json(schema) };
  }
  answers['500'] = { description: 'INTERNAL_ERROR (never carries internals)', content: json(ref('ErrorEnvelope')) };
  return answers;
}

function errorEnvelope(): JsonSchema {
  return {
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
  };
}
