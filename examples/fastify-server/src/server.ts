/*
 * Command-line entry of the Fastify example: `pnpm demo:fastify` at the repository root, or
 * `pnpm start` here. Configuration comes from the environment (see the README of examples/).
 */
import { runFromCommandLine } from '../../shared/src/lifecycle.js';
import { startServer } from './app.js';

await runFromCommandLine('Fastify', startServer);
