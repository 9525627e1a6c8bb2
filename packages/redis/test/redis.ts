import { randomUUID } from 'node:crypto';
import { closedPort } from '@vaultkit/testkit';
import { Redis } from 'ioredis';

/**
 * The real Redis of `scripts/services.sh`. These tests never skip: without REDIS_URL they fail,
 * saying how to start it.
 */
export const REDIS_URL = (() => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run `bash scripts/services.sh && . ./.services.env` (the @vaultkit/redis tests need a real Redis)');
  return url;
})();

/** A connected client with the settings docs/redis.md recommends. */
export async function connect(): Promise<Redis> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}

/** A key prefix of its own for one test (or one suite). */
export function randomPrefix(): string {
  return `vk-test:${randomUUID()}:`;
}

/** Every key under `prefix`. */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  if (keys.length > 0) await client.unlink(...keys);
}

/**
 * A client pointed at a loopback port nothing listens on, with the offline queue off and no
 * reconnection: every command fails at once, as with a Redis that is down.
 */
export async function unreachableClient(): Promise<Redis> {
  const port = await closedPort();
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {}); // the refused connection is the point; ioredis would log it
  return client;
}
