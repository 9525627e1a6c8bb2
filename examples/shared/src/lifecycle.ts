/*
 * Example servers: graceful shutdown. Stop accepting, let in-flight requests finish (bounded),
 * close keep-alive connections, then release the vault.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { RunningServer } from './listen.js';

/** @default 10 000 ms: in-flight requests get this long before their connections are cut. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** How `drainHttpServer` closes. */
export interface DrainOptions {
  /** @default DEFAULT_DRAIN_TIMEOUT_MS */
  timeoutMs?: number;
  /**
   * Closes the server (resolves when every connection ended). Fastify passes `app.close()`,
   * which also runs its onClose hooks. @default server.close()
   */
  close?: () => Promise<void>;
}

/**
 * Closes a Node HTTP server gracefully: no new connections, idle keep-alive connections closed
 * at once and again as each in-flight request finishes (its response says `Connection: close`),
 * and every connection cut after `timeoutMs`. Resolves when the server is closed.
 *
 * @example
 * await drainHttpServer(server, { timeoutMs: 10_000 });
 */
export async function drainHttpServer(server: Server, options: DrainOptions = {}): Promise<void> {
  if (!server.listening) return;
  const markClose = (_req: IncomingMessage, res: ServerResponse) => {
    // A keep-alive client learns from the answer itself that this connection ends.
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.prependListener('request', markClose);
  const closed = options.close ? options.close() : new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A connection whose request finishes becomes idle; close those promptly too.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), options.timeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
  sweep.unref();
  deadline.unref();
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
    server.off('request', markClose);
  }
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 (1 if stopping failed). A second signal
 * while draining is ignored: the drain timeout already bounds the wait (and `pnpm demo` forwards
 * Ctrl-C, so the child may see it twice).
 *
 * @example
 * onShutdownSignal(() => running.stop(), console);
 */
export function onShutdownSignal(stop: () => Promise<void>, logger: { info(line: string): void; error(line: string, error?: unknown): void }): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`[vaultkit example] ${signal}: finishing in-flight requests, then exiting`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('[vaultkit example] shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/**
 * The command-line entry of an example server: starts it, logs its URL, stops it gracefully on
 * SIGTERM/SIGINT, and exits 1 with a one-line reason when it cannot start.
 */
export async function runFromCommandLine(framework: string, start: () => Promise<RunningServer>): Promise<void> {
  try {
    const running = await start();
    console.log(`[vaultkit example] ${framework} server listening on ${running.url} (demo page at /, API under ${running.vault.http.prefix})`);
    onShutdownSignal(() => running.stop(), console);
  } catch (error) {
    console.error(`[vaultkit example] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
