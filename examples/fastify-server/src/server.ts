/*
 * Command-line entry of the Fastify example: `pnpm demo:fastify` at the repository root, or
 * `pnpm start` here. Configuration comes from the environment (see the README of examples/).
 */
import { onShutdownSignal } from '../../shared/src/lifecycle.js';
import { startServer } from './app.js';

try {
  const running = await startServer();
  console.log(`[vaultkit example] Fastify server listening on ${running.url} (demo page at /, API under ${running.vault.http.prefix})`);
  onShutdownSignal(() => running.stop(), console);
} catch (error) {
  console.error(`[vaultkit example] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
