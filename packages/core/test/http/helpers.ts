import { Readable } from 'node:stream';
import { z } from 'zod';
import { manualClock } from '../../src/clock.js';
import type { VaultOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve.js';
import type { VaultContext } from '../../src/context.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { createEvents } from '../../src/events/emitter.js';
import type { VaultEventMap, VaultEventName } from '../../src/events/types.js';
import { createHttp } from '../../src/http/handle.js';
import type { VaultRequest } from '../../src/http/types.js';
import type { AnyOperation, CallContext, OperationHttp } from '../../src/operations/define.js';
import { createRateLimits } from '../../src/rate-limit/create-rate-limits.js';
import { memoryStorage } from '../../src/storage/memory/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import { insertUser } from '../helpers/fixtures.js';

export const SECRET = 'an-http-test-secret-that-is-32-bytes-or-more';

/**
 * A hand-built vault context on memory storage, a manual clock and a real token service. The
 * services this layer never calls (passwords, otp, mail) are left out.
 */
export function makeContext(options: Partial<Omit<VaultOptions, 'tokens'>> & { tokens?: Partial<VaultOptions['tokens']> } = {}) {
  const clock = manualClock(Date.now());
  const storage = memoryStorage();
  const config = resolveConfig({ ...options, clock, tokens: { secret: SECRET, ...options.tokens } } as VaultOptions);
  const events = createEvents((e) => {
    throw e;
  });
  const seen: { name: VaultEventName; payload: unknown }[] = [];
  events.on('rate_limit.exceeded', (payload: VaultEventMap['rate_limit.exceeded']) => seen.push({ name: 'rate_limit.exceeded', payload }));
  const keys = deriveServerKeys(config.tokens.secret);
  const tokens = createTokenService({ config, clock, storage, events, keys });
  const logger = { warn: () => {}, error: () => {} };
  const limits = createRateLimits({ config, events });
  const ctx = { config, clock, logger, storage, events, keys, tokens, limits, uploader: undefined } as unknown as VaultContext;
  return { ctx, clock, storage, config, events, tokens, limits, seen };
}

/** What a test operation saw: its validated input and its call. */
export interface Seen {
  input: unknown;
  call: CallContext;
}

/**
 * A test operation (GET /me for a signed-in user by default) that records what it saw and answers
 * `{ userId }`; `over` changes any part, `http` included.
 */
export function testOperation(over: Partial<AnyOperation> & { method?: OperationHttp<unknown>['method']; path?: string; seen?: Seen[] } = {}): AnyOperation {
  const { method = 'GET', path = '/me', seen, ...rest } = over;
  return {
    name: `test.${method.toLowerCase()}${path.replace(/[^a-z]/gi, '_')}`,
    summary: 's',
    auth: 'user',
    rateLimit: null,
    output: { 200: z.object({ userId: z.string().nullable() }) },
    http: { method, path },
    async run(_vault, input, call) {
      seen?.push({ input, call });
      return { userId: call.caller?.id ?? null };
    },
    ...rest,
  };
}

/** `createHttp` over a context, with unexpected errors collected instead of logged. */
export function makeHttp(operations: AnyOperation[], options: Parameters<typeof makeContext>[0] = {}) {
  const made = makeContext(options);
  const unexpected: unknown[] = [];
  made.ctx.logger = { warn: () => {}, error: (_message, error) => unexpected.push(error) };
  const http = createHttp(made.ctx, operations);
  /** Runs the route of `operation` as an adapter would. */
  const handle = (operation: AnyOperation, req: VaultRequest) => {
    const route = http.routes.find((r) => r.operation === operation);
    if (!route) throw new Error(`${operation.name} is not mounted`);
    return http.handle(route, req);
  };
  return { ...made, http, handle, unexpected };
}

/** A neutral request; `body` is sent as the raw stream (a string/Buffer, or an object as JSON). */
export function request(input: Partial<Omit<VaultRequest, 'body'>> & { body?: unknown } = {}): VaultRequest {
  const { body, headers = {}, ...rest } = input;
  let stream: Readable | null = null;
  const hdrs = { ...headers };
  if (body !== undefined && body !== null) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    stream = Readable.from([bytes]);
    if (!('content-type' in hdrs) && typeof body === 'object' && !Buffer.isBuffer(body)) hdrs['content-type'] = 'application/json';
  }
  return { method: 'POST', params: {}, query: {}, headers: hdrs, body: stream, remoteAddress: '198.51.100.1', encrypted: false, ...rest };
}


/** Inserts a user straight into storage. */
export { insertUser as makeUser };

/** The body of an envelope, loosely typed for assertions. */
export function env(response: { body: unknown }): Record<string, any> {
  return response.body as Record<string, any>;
}
