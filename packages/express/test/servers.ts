import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterEach } from 'vitest';

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Closes `close` after the current test (vaults, servers). */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** Listens on a free loopback port until the end of the test; resolves with the base URL. */
export async function listen(app: Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closeAfterTest(() => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
