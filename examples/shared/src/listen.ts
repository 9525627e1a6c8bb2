/*
 * Example servers: what both `startServer` functions share around listening.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboxMailer, Vault } from '@vaultkit/core';
import type { Env } from './settings.js';

/** A started example server (both frameworks). */
export interface RunningServer {
  /** e.g. `http://localhost:3000`. */
  url: string;
  port: number;
  server: Server;
  vault: Vault;
  /** The dev inbox's outbox (`null` in production). */
  outbox: OutboxMailer | null;
  /** Graceful shutdown: finishes in-flight requests (bounded), then closes the vault. Idempotent. */
  stop(): Promise<void>;
}

/** How a test or the CLI starts an example server. */
export interface StartOptions {
  /** Overrides `PORT`; 0 picks a free port (tests). */
  port?: number;
  /** Overrides `HOST` (e.g. `127.0.0.1` in tests). */
  host?: string;
  /** @default process.env */
  env?: Env;
  /** Start-up lines and warnings. @default console */
  logger?: { info(line: string): void; warn(line: string): void };
  /** In-flight requests get this long at shutdown. @default 10 000 ms */
  drainTimeoutMs?: number;
}

/** `env` with the `port`/`host` overrides of `options` applied. */
export function envWithOverrides(options: StartOptions): Env {
  const env: Env = { ...(options.env ?? process.env) };
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host !== undefined) env.HOST = options.host;
  return env;
}

/** The URL to print and to open: `localhost` when listening on every interface. */
export function serverUrl(server: Server): { url: string; port: number } {
  const address = server.address() as AddressInfo;
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, port: address.port };
}

/** Listens and resolves once bound (rejects with the bind error, e.g. `EADDRINUSE`). */
export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
