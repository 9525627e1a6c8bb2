// House style (STYLE.md §11, §17, §20) as lint rules. Not type-checked, to stay fast: `tsc`
// (pnpm typecheck) covers what type information would add.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's globals, read from the running Node (the `globals` package is not a dependency). */
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

/** What the static demo page may use in the browser. */
const browserGlobals = Object.fromEntries(
  [
    'window', 'document', 'location', 'history', 'navigator', 'localStorage', 'sessionStorage',
    'fetch', 'Headers', 'Request', 'Response', 'FormData', 'File', 'Blob', 'URL', 'URLSearchParams',
    'AbortController', 'Event', 'CustomEvent', 'HTMLElement', 'HTMLFormElement', 'HTMLInputElement',
    'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'alert', 'crypto',
    'requestAnimationFrame', 'structuredClone', 'TextEncoder', 'TextDecoder',
  ].map((name) => [name, 'readonly']),
);

const forIn = { selector: 'ForInStatement', message: 'Use Object.keys/entries or for…of: for…in walks the prototype chain.' };

/** `expect(p).rejects.x()` / `.resolves.x()` as a bare statement: the assertion never runs. */
const unawaitedExpect = ['rejects', 'resolves'].flatMap((modifier) => [
  `ExpressionStatement > CallExpression[callee.object.property.name="${modifier}"]`,
  `ExpressionStatement > CallExpression[callee.object.object.property.name="${modifier}"]`,
]).map((selector) => ({ selector, message: 'Await (or return) an async expectation, or it never runs.' }));

/** Builtins imported without `node:` (STYLE.md §20). */
const bareBuiltins = {
  regex: `^(${builtinModules.filter((m) => !m.startsWith('_') && !m.includes(':')).join('|')})(/|$)`,
  message: 'Import Node builtins with the node: prefix.',
};

/** Adapters reach core through its public entry points only (STYLE.md §11). */
const coreInternals = [
  { regex: '^@vaultkit/core/(src|dist)(/|$)', message: 'Import from @vaultkit/core (or a named subpath), never its files.' },
  { regex: '^(\\.\\./)+(packages/)?core(/|$)', message: 'Import from @vaultkit/core, never a relative path into core.' },
];

export default defineConfig([
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', '.vaultkit-uploads/', '.changeset/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'vaultkit/all',
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    rules: {
      'max-params': ['error', 3],
      'no-restricted-syntax': ['error', forIn],
      'no-restricted-imports': ['error', { patterns: [bareBuiltins] }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `_`-prefixed parameters are placeholders that keep a port's signature readable.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Empty interfaces are the augmentation points of STYLE.md §13 (`interface Register {}`).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },

  {
    name: 'vaultkit/adapters-use-public-core',
    files: ['packages/*/**/*.{ts,mts,cts,js,mjs,cjs}'],
    ignores: ['packages/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [bareBuiltins, ...coreInternals] }],
    },
  },

  {
    name: 'vaultkit/tests',
    files: ['**/test/**/*.{ts,mts,js,mjs}', '**/*.test.{ts,mts,js,mjs}'],
    rules: {
      'no-restricted-syntax': ['error', forIn, ...unawaitedExpect],
      // Tests poke into arbitrary JSON answers; `any` there is deliberate.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  {
    // Benchmarks and scripts may be plain JavaScript; CommonJS files need `require`.
    name: 'vaultkit/plain-js',
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    name: 'vaultkit/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    name: 'vaultkit/demo-page',
    files: ['examples/demo-page/**/*.{js,mjs}'],
    languageOptions: { sourceType: 'module', globals: browserGlobals },
  },
]);
