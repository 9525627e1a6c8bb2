/*
 * Command-line entry of the Express example: `pnpm demo` at the repository root, or
 * `pnpm start` here. Configuration comes from the environment (see the README of examples/).
 */
import { runFromCommandLine } from '../../shared/src/lifecycle.js';
import { startServer } from './app.js';

await runFromCommandLine('Express', startServer);
