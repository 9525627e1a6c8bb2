import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { manualClock } from '../../src/clock.js';
import type { VaultOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { createEvents } from '../../src/events/emitter.js';
import type { VaultEventMap, VaultEventName } from '../../src/events/types.js';
import type { Storage } from '../../src/ports/storage.js';
import type { AccessClaims } from '../../src/tokens/types.js';
import { memoryStorage } from '../../src/storage/memory/index.js';
import { createTokenService } from '../../src/tokens/index.js';
import type { TokenService } from '../../src/tokens/types.js';
import { insertUser } from '../helpers/fixtures.js';

export const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
export const META = { ip: '203.0.113.7', userAgent: 'vitest' };
export const SEC = 1000;
export const MIN = 60 * SEC;
export const DAY = 24 * 60 * MIN;

export type RecordedEvent = { [E in VaultEventName]: { name: E; payload: VaultEventMap[E] } }[VaultEventName];

const EVENT_NAMES: VaultEventName[] = ['token.refreshed', 'token.reuse_detected', 'session.revoked'];

/**
 * A token service on memory storage and a manual clock, with every token event recorded.
 * `storage` can be given to share users/sessions between two services (key rotation, flushes).
 */
export function setup(tokens: Partial<VaultOptions['tokens']> = {}, shared?: { clock: ReturnType<typeof manualClock>; storage: Storage }) {
  const clock = shared?.clock ?? manualClock();
  const storage = shared?.storage ?? memoryStorage();
  const config = resolveConfig({ clock, tokens: { secret: SECRET, ...tokens } });
  const events = createEvents((e) => {
    throw e;
  });
  const seen: RecordedEvent[] = [];
  for (const name of EVENT_NAMES) events.on(name, (payload) => seen.push({ name, payload } as RecordedEvent));
  const keys = deriveServerKeys(config.tokens.secret);
  const service: TokenService = createTokenService({ config, clock, storage, events, keys });
  return { clock, storage, config, events, keys, service, seen };
}


/** Inserts a user straight into storage. */
export { insertUser as makeUser };

/** A token service with one signed-in user: its first pair and the access token's claims. */
export async function signedIn(tokens: Parameters<typeof setup>[0] = {}) {
  const env = setup(tokens);
  const user = await insertUser(env.storage);
  const pair = await env.service.issueSession(user, META);
  const claims = decodePayload(pair.accessToken) as unknown as AccessClaims;
  return { ...env, user, pair, claims };
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A hand-made JWS: `sign` gets the signing input and returns the raw signature ('' for none). */
export function forge(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => Buffer | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign(input);
  return `${input}.${typeof signature === 'string' ? signature : signature.toString('base64url')}`;
}

/** HMAC-SHA256 signer over arbitrary key bytes (the classic HS256/RS256 confusion uses the PEM). */
export const hs256 = (key: string | Buffer) => (input: string) => createHmac('sha256', key).update(input).digest();

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function rsaPair(modulusLength = 2048): { privateKey: KeyObject; publicKey: KeyObject; publicPem: string; privatePem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function ecPair(namedCurve = 'prime256v1'): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve });
}
