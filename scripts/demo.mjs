#!/usr/bin/env node
// `pnpm demo` / `pnpm demo:fastify`: starts an example server on the embedded defaults.
//
// It runs the TypeScript sources directly (tsx, plus the `source` export condition that every
// @vaultkit package declares), so a fresh clone needs `pnpm install` and nothing else: no build,
// and never a stale `dist/`. Environment variables (PORT, JWT_SECRET, ADMIN_EMAIL, ...) pass
// through to the server.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAMEWORKS = ['express', 'fastify'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const framework = process.argv[2] ?? 'express';

if (!FRAMEWORKS.includes(framework)) {
  console.error(`usage: node scripts/demo.mjs <${FRAMEWORKS.join('|')}>`);
  process.exit(2);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`vaultkit needs Node 20.19 or newer (this is ${process.version}).`);
  process.exit(1);
}
const example = join(root, 'examples', `${framework}-server`);
if (!existsSync(join(root, 'node_modules', 'tsx')) || !existsSync(join(example, 'node_modules'))) {
  console.error('Dependencies are missing: run `pnpm install` at the repository root first.');
  process.exit(1);
}

const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join('src', 'server.ts')], {
  cwd: example,
  stdio: 'inherit',
  env: process.env,
});

// Ctrl-C reaches the child from the terminal too; the server ignores a repeated signal while it
// drains, so forwarding is safe and covers `kill <pid>` of this process.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`cannot start the ${framework} example: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
