import { Readable } from 'node:stream';
import { manualClock } from '../../src/clock.js';
import type { VaultOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve.js';
import type { VaultContext } from '../../src/context.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { createEvents } from '../../src/events/emitter.js';
import type { VaultEventMap, VaultEventName } from '../../src/events/types.js';
import { createHttp } from '../../src/http/handle.js';
import type { RouteDefinition, VaultRequest } from '../../src/http/types.js';
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
  const storage = memoryStorage({ clock });
  const config = resolveConfig({ ...options, clock, tokens: { secret: SECRET, ...options.tokens } } as VaultOptions);
  const events = createEvents((e) => {
    throw e;
  });
  const seen: { name: VaultEventName; payload: unknown }[] = [];
  events.on('rate_limit.exceeded', (payload: VaultEventMap['rate_limit.exceeded']) => seen.push({ name: 'rate_limit.exceeded', payload }));
  const keys = deriveServerKeys(config.tokens.secret);
  const tokens = createTokenService({ config, clock, storage, events, keys });
  const limits = createRateLimits({ config, events });
  const ctx = { config, clock, storage, events, keys, tokens, limits, uploader: undefined } as unknown as VaultContext;
  return { ctx, clock, storage, config, events, tokens, limits, seen };
}

/** `createHttp` over a context, with unexpected errors collected instead of logged. */
export function makeHttp(routes: RouteDefinition[], options: Parameters<typeof makeContext>[0] = {}) {
  const made = makeContext(options);
  const unexpected: unknown[] = [];
  made.ctx.logger = { warn: () => {}, error: (_message, error) => unexpected.push(error) };
  const http = createHttp(made.ctx, routes);
  return { ...made, http, unexpected };
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
