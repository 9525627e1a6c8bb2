/**
 * Checks the built packages as a consumer sees them (STYLE.md §18). Runs after `pnpm build`
 * (the root `pnpm test` builds first); a package without `dist/` is reported as skipped.
 *
 * - the exports map: `import`/`require` conditions with `types` first, and every file it names exists;
 * - publint --strict on what `pnpm pack` would publish, whose exports carry no `source` condition;
 * - every package a built file imports is declared, and adapters import core instead of bundling it;
 * - plain Node imports the package from ESM and from CommonJS WITHOUT the `source` condition
 *   (through the package's self-reference, so the `exports` map is what resolves it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Exports that must be functions in both module systems; any package needs at least one function. */
const KNOWN_EXPORTS: Record<string, string[]> = {
  '@vaultkit/core': ['createVault', 'VaultError', 'memoryStorage', 'outboxMailer', 'manualClock'],
  '@vaultkit/express': ['vaultRouter', 'requireAuth', 'requireRole'],
  '@vaultkit/fastify': ['vaultkit'],
  '@vaultkit/testkit': ['storageContract'],
};

/** Packages published without a `require` condition, and why. */
const ESM_ONLY: Record<string, string> = {
  '@vaultkit/testkit': 'vitest throws when loaded with require(), so a CommonJS build could never run',
};

interface PackageJson {
  name: string;
  private?: boolean;
  type?: string;
  main?: string;
  module?: string;
  types?: string;
  files?: string[];
  sideEffects?: boolean;
  engines?: { node?: string };
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

interface Loaded {
  resolved: string;
  kinds: Record<string, string>;
}

const packages = readdirSync(join(ROOT, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'packages', entry.name, 'package.json')))
  .map((entry) => {
    const dir = join(ROOT, 'packages', entry.name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    return { dir, pkg, built: existsSync(join(dir, 'dist')) };
  })
  .filter(({ pkg }) => !pkg.private);

for (const { dir, pkg, built } of packages) {
  const esmOnly = pkg.name in ESM_ONLY;
  const title = built ? pkg.name : `${pkg.name} (skipped: no dist/, run pnpm build first)`;

  describe.skipIf(!built)(title, () => {
    it('exports map - import/require conditions with types first', () => {
      const root = pkg.exports?.['.'] as Record<string, Record<string, string>> | undefined;
      expect(root, 'exports["."]').toBeTypeOf('object');
      expect(pkg.exports?.['./package.json']).toBe('./package.json');
      const conditions: [string, string, string][] = [['import', '.d.ts', '.js']];
      if (esmOnly) expect(root!.require, `require (${ESM_ONLY[pkg.name]})`).toBeUndefined();
      else conditions.push(['require', '.d.cts', '.cjs']);
      for (const [condition, typesExt, codeExt] of conditions) {
        const entry = root![condition];
        expect(entry, `exports["."].${condition}`).toBeTypeOf('object');
        expect(Object.keys(entry!)[0], `first key of exports["."].${condition}`).toBe('types');
        expect(entry!.types!.endsWith(typesExt), `${condition}.types ends with ${typesExt}`).toBe(true);
        expect(entry!.default!.endsWith(codeExt), `${condition}.default ends with ${codeExt}`).toBe(true);
      }
    });

    it('package.json - every file it names exists and is published', () => {
      expect(pkg.type).toBe('module');
      expect(pkg.engines?.node).toBeTruthy();
      expect(pkg.sideEffects).toBe(false);
      expect(pkg.files).toContain('dist');
      const targets = [pkg.main, pkg.module, pkg.types, ...leaves(pkg.exports)].filter((t): t is string => !!t);
      for (const target of targets) {
        expect(existsSync(join(dir, target)), `${target} exists`).toBe(true);
        const top = target.replace(/^\.\//, '').split('/')[0]!;
        expect(top === 'package.json' || pkg.files!.includes(top), `${target} is in "files"`).toBe(true);
      }
    });

    it('publint --strict - no error or warning on the packed package', async () => {
      const { messages, pkg: manifest } = await publint({ pkgDir: dir, strict: true, pack: 'pnpm' });
      const problems = messages
        .filter((m) => m.type !== 'suggestion')
        .map((m) => `${m.type}: ${formatMessage(m, manifest, { color: false }) ?? m.code}`);
      expect(problems).toEqual([]);
    });

    it('pnpm pack - the published exports carry no "source" condition (STYLE.md §18)', () => {
      // The workspace keeps `source` (tests and the demo run the .ts files); published, it would
      // send consumers running with `--conditions=source` to files they cannot load.
      expect(conditionsOf(pkg.exports), 'the workspace exports keep "source"').toContain('source');
      const packed = packedManifest(dir);
      expect(conditionsOf(packed.exports)).not.toContain('source');
      expect(Object.keys(packed.exports ?? {})).toEqual(Object.keys(pkg.exports ?? {}));
      expect(leaves(packed.exports).filter((target) => target.endsWith('.ts') && !target.endsWith('.d.ts') && !target.endsWith('.d.cts'))).toEqual([]);
    });

    it('dist - imports only declared packages and never bundles core', () => {
      const declared = new Set([
        pkg.name,
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.peerDependencies ?? {}),
        ...Object.keys(pkg.optionalDependencies ?? {}),
      ]);
      const files = ['dist/index.js', ...(esmOnly ? [] : ['dist/index.cjs'])];
      for (const file of files) {
        const code = readFileSync(join(dir, file), 'utf8');
        const undeclared = importedPackages(code).filter((name) => !declared.has(name));
        expect(undeclared, `packages imported by ${file} but not in dependencies/peerDependencies`).toEqual([]);
        // A second copy of core breaks `instanceof VaultError` and the `Register` augmentation.
        if (pkg.name !== '@vaultkit/core') expect(code, file).not.toMatch(/class VaultError\b/);
      }
    });

    it('ESM consumer - import resolves dist/index.js and has the known exports', () => {
      const loaded = load(dir, pkg.name, 'esm');
      expect(loaded.resolved).toMatch(/\/dist\/index\.js$/);
      expectFunctions(pkg.name, loaded);
    });

    it('subpath exports - each loads from ESM (and CommonJS) without the source condition', () => {
      const subpaths = Object.keys(pkg.exports ?? {}).filter((key) => key !== '.' && key !== './package.json');
      for (const subpath of subpaths) {
        for (const mode of esmOnly ? (['esm'] as const) : (['esm', 'cjs'] as const)) {
          const loaded = load(dir, `${pkg.name}${subpath.slice(1)}`, mode);
          expect(loaded.resolved, `${subpath} (${mode})`).toMatch(mode === 'esm' ? /\/dist\/[^/]+\.js$/ : /\/dist\/[^/]+\.cjs$/);
          expect(Object.values(loaded.kinds), `${subpath} (${mode}) exports functions`).toContain('function');
        }
      }
    });

    it.skipIf(esmOnly)('CommonJS consumer - require resolves dist/index.cjs and has the known exports', () => {
      const loaded = load(dir, pkg.name, 'cjs');
      expect(loaded.resolved).toMatch(/\/dist\/index\.cjs$/);
      expectFunctions(pkg.name, loaded);
    });
  });
}

// --- internal ---

function expectFunctions(name: string, loaded: Loaded): void {
  for (const exported of KNOWN_EXPORTS[name] ?? []) {
    expect(loaded.kinds[exported], `typeof ${exported}`).toBe('function');
  }
  expect(Object.values(loaded.kinds), 'at least one function export').toContain('function');
}

/**
 * Loads the package in a plain `node` started in its own directory: the package's self-reference
 * goes through its `exports` map, and its own `node_modules` resolve its dependencies. The
 * environment drops NODE_OPTIONS so no `--conditions=source` can leak in from the runner.
 */
function load(dir: string, name: string, mode: 'esm' | 'cjs'): Loaded {
  const report = 'Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v]))';
  const script =
    mode === 'esm'
      ? `const m = await import(${JSON.stringify(name)});
         console.log(JSON.stringify({ resolved: import.meta.resolve(${JSON.stringify(name)}), kinds: ${report} }));`
      : `const m = require(${JSON.stringify(name)});
         console.log(JSON.stringify({ resolved: require.resolve(${JSON.stringify(name)}), kinds: ${report} }));`;
  const args = mode === 'esm' ? ['--input-type=module', '-e', script] : ['-e', script];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = execFileSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Loaded;
}

/** The package.json that `pnpm pack` publishes (`publishConfig` applied), read from the tarball. */
function packedManifest(dir: string): PackageJson {
  const destination = mkdtempSync(join(tmpdir(), 'vaultkit-pack-'));
  try {
    execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, stdio: 'ignore' });
    const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'))!;
    return JSON.parse(execFileSync('tar', ['-xOzf', join(destination, tarball), 'package/package.json'], { encoding: 'utf8' })) as PackageJson;
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}

/** Every condition name used anywhere in an exports map. */
function conditionsOf(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(key.startsWith('.') ? [] : [key]), ...conditionsOf(inner)]);
}

/** Every string leaf of an exports map. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

const BUILTINS = new Set(builtinModules);

/** Package names a built file imports or requires (builtins excluded). */
function importedPackages(code: string): string[] {
  const names = new Set<string>();
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"'.][^"']*)["']/gm;
  for (const [, specifier] of code.matchAll(specifiers)) {
    if (specifier!.startsWith('node:')) continue;
    const parts = specifier!.split('/');
    const name = specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (!BUILTINS.has(name)) names.add(name);
  }
  return [...names].sort();
}
