/**
 * Type-checks every ```ts and ```js block of README.md, docs/*.md and packages/*\/README.md
 * against the workspace packages, so the docs cannot drift from the API. Each block becomes its
 * own ES module (`.mts` / `.mjs`) in a temporary directory; errors name the
 * Markdown file and line. ```ts blocks are checked with `strict`; ```js blocks without it (a
 * JavaScript reader has no compiler: what matters is that names, options and calls exist).
 *
 *   node --import tsx scripts/check-doc-blocks.ts            # after `pnpm build` (checks the built .d.ts)
 *   node --import tsx scripts/check-doc-blocks.ts --source   # against the TypeScript sources, no build
 *   node --import tsx scripts/check-doc-blocks.ts docs/configuration.md
 *
 * - A block that imports something is a complete program and is checked as is.
 * - A block without imports is a fragment: it may use `@vaultkit/core`'s exports as if the page
 *   had imported them. Any block may use the placeholders of PRELUDE (`secret`, `vault`,
 *   `userId`, ...) without declaring them.
 * - `<!-- skip-check -->` on the line before a block skips it (say why after it).
 * - A third-party module the workspace does not install (ioredis, pg, mongoose) is typed `any`
 *   and listed: the vaultkit side of the block is still checked.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type DocBlock, extractBlocks, freeNames } from './doc-blocks/extract.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The placeholders fragments may use; everything `@vaultkit/core` exports comes on top. */
const PRELUDE = `export * from '@vaultkit/core';
import type { Vault } from '@vaultkit/core';
export declare const vault: Vault;
export declare const secret: string;
export declare const token: string, bearerToken: string, refreshToken: string;
export declare const userId: string, sessionId: string, ip: string, userAgent: string;
export declare const NEW_PRIVATE_PEM: string, NEW_PUBLIC_PEM: string, OLD_PUBLIC_PEM: string;
`;

/** The names PRELUDE declares itself, which any block may use without declaring them. */
const PLACEHOLDERS = new Set([...PRELUDE.matchAll(/(?:const |, )(\w+): /g)].map((m) => m[1]!));

const LABEL_MESSAGE =
  'a `key: value` statement is a label, so this object fragment is not really checked: write the whole call ' +
  '(createVault({ tokens: { secret }, ... })) or put <!-- skip-check --> before the block';

/** One type error, located in the Markdown. */
export interface DocBlockError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface DocBlocksReport {
  checked: number;
  skipped: DocBlock[];
  errors: DocBlockError[];
  /** Bare imports no workspace package installs, typed as `any`. */
  untyped: string[];
}

/** The Markdown files checked by default: README.md, docs/*.md, packages/*\/README.md. */
export function defaultDocFiles(root = ROOT): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  const readmes = readdirSync(join(root, 'packages'))
    .map((p) => join('packages', p, 'README.md'))
    .filter((f) => existsSync(join(root, f)));
  return ['README.md', ...docs.sort(), ...readmes.sort()];
}

/**
 * Extracts and type-checks the blocks of `files` (relative to `root`, or absolute).
 *
 * @example
 * const { errors } = checkDocBlocks({ files: ['README.md'], source: true });
 */
export function checkDocBlocks(input: { files: string[]; root?: string; source?: boolean }): DocBlocksReport {
  const root = input.root ?? ROOT;
  const all = input.files.flatMap((file) => extractBlocks(readFileSync(resolve(root, file), 'utf8'), file));
  const blocks = all.filter((b) => !b.skip);
  const dir = mkdtempSync(join(tmpdir(), 'vaultkit-doc-blocks-'));
  try {
    const options = compilerOptions(root, input.source ?? false);
    const host = workspaceHost({ root, dir, options });
    const preludePath = join(dir, 'doc-prelude.mts');
    writeFileSync(preludePath, PRELUDE);
    const preludeProgram = ts.createProgram({ rootNames: [preludePath], options, host });
    const preludeNames = exportNames(preludeProgram, preludePath);

    const files = new Map<string, { block: DocBlock; header: number }>();
    const fragmentErrors: DocBlockError[] = [];
    blocks.forEach((block, index) => {
      const { isFragment, names, labels } = freeNames(block.code);
      for (const line of labels) fragmentErrors.push({ file: block.file, line: block.line + line, column: block.indent + 1, message: LABEL_MESSAGE });
      // A block with imports must import vaultkit itself (it is copied whole); placeholders it may still use.
      const wanted = names.filter((n) => (isFragment ? preludeNames.has(n) : PLACEHOLDERS.has(n)));
      const header = wanted.length > 0 ? `import { ${wanted.join(', ')} } from './doc-prelude.mjs';\n` : '';
      const path = join(dir, `block-${index}${block.lang === 'ts' ? '.mts' : '.mjs'}`);
      writeFileSync(path, header + block.code + '\n');
      files.set(path, { block, header: header === '' ? 0 : 1 });
    });

    const untyped = writeShims({ dir, host, options, files: [...files.keys()] });
    const shims = join(dir, 'doc-shims.d.ts');
    const ofLang = (lang: DocBlock['lang']) => [...files].filter(([, f]) => f.block.lang === lang).map(([path]) => path);
    // JavaScript readers get no compile step: check names, shapes and calls, not null-safety.
    const programs = [
      ts.createProgram({ rootNames: [...ofLang('ts'), shims], options, host, oldProgram: preludeProgram }),
      ts.createProgram({ rootNames: [...ofLang('js'), shims], options: { ...options, strict: false }, host }),
    ];
    const diagnostics = programs.flatMap(blockDiagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
    const errors = [...fragmentErrors, ...diagnostics.map((d) => locate(d, { files, root }))];
    return { checked: blocks.length, skipped: all.filter((b) => b.skip), errors, untyped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- internal ---

function compilerOptions(root: string, source: boolean): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
    strict: true,
    allowJs: true,
    checkJs: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    ...(source ? { customConditions: ['source'] } : {}),
  };
}

/**
 * A compiler host whose blocks resolve bare imports as any workspace package would: the docs
 * import express, fastify, @vaultkit/testkit and vitest, which live in different packages.
 */
function workspaceHost(input: { root: string; dir: string; options: ts.CompilerOptions }): ts.CompilerHost {
  const host = ts.createCompilerHost(input.options);
  const searchFrom = [
    ...['packages', 'examples'].flatMap((group) =>
      readdirSync(join(input.root, group), { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(input.root, group, e.name, 'package.json')))
        .map((e) => join(input.root, group, e.name, 'doc-block.mts')),
    ),
    join(input.root, 'doc-block.mts'),
  ];
  // eslint-disable-next-line max-params -- the signature is TypeScript's CompilerHost hook
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, options, sourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(sourceFile, literal, options);
      const fromBlock = containingFile.startsWith(input.dir + sep) && !literal.text.startsWith('.');
      const origins = fromBlock ? searchFrom : [containingFile];
      for (const origin of origins) {
        const found = ts.resolveModuleName(literal.text, origin, options, host, undefined, redirected, mode);
        if (found.resolvedModule) return found;
      }
      return { resolvedModule: undefined };
    });
  return host;
}

/**
 * The blocks' own diagnostics (and the program's global ones): the packages behind them are
 * checked by their own `tsc`, and with --source they would be checked here with other options.
 */
function blockDiagnostics(program: ts.Program): ts.Diagnostic[] {
  const own = program.getRootFileNames().map((name) => program.getSourceFile(name)!);
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
}

function exportNames(program: ts.Program, path: string): Set<string> {
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(path)!);
  return new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []);
}

/** Declares `any`-typed modules for bare imports nothing in the workspace installs. */
function writeShims(input: { dir: string; host: ts.CompilerHost; options: ts.CompilerOptions; files: string[] }): string[] {
  const missing = new Set<string>();
  for (const file of input.files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers = source.statements.filter(ts.isImportDeclaration).map((s) => s.moduleSpecifier as ts.StringLiteral);
    const resolved = input.host.resolveModuleNameLiterals!(specifiers, file, undefined, input.options, source, undefined);
    specifiers.forEach((s, i) => {
      const name = s.text;
      // Never for our own packages or Node's: a typo there must fail.
      const ours = name.startsWith('.') || name.startsWith('@vaultkit/') || name.startsWith('node:');
      if (!resolved[i]!.resolvedModule && !ours) missing.add(name);
    });
  }
  writeFileSync(join(input.dir, 'doc-shims.d.ts'), [...missing].map((m) => `declare module '${m}';\n`).join(''));
  return [...missing].sort();
}

function locate(d: ts.Diagnostic, input: { files: Map<string, { block: DocBlock; header: number }>; root: string }): DocBlockError {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
  const entry = d.file && input.files.get(d.file.fileName);
  if (!d.file || d.start === undefined) return { file: '(doc check)', line: 0, column: 0, message: `TS${d.code}: ${message}` };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  if (!entry) return { file: relative(input.root, d.file.fileName), line: line + 1, column: character + 1, message: `TS${d.code}: ${message}` };
  const { block, header } = entry;
  return { file: block.file, line: block.line + line - header, column: character + 1 + block.indent, message: `TS${d.code}: ${message}` };
}

function main(args: string[]): number {
  const source = args.includes('--source');
  const given = args.filter((a) => !a.startsWith('--'));
  const files = given.length > 0 ? given.map((f) => relative(ROOT, join(process.cwd(), f))) : defaultDocFiles();
  const report = checkDocBlocks({ files, source });
  const lines = (file: string) => readFileSync(join(ROOT, file), 'utf8').split(/\r?\n/);
  for (const e of report.errors) {
    const text = existsSync(join(ROOT, e.file)) ? lines(e.file)[e.line - 1] : undefined;
    console.error(`${e.file}:${e.line}:${e.column} - error ${e.message}${text === undefined ? '' : `\n    > ${text.trim()}`}`);
  }
  if (report.untyped.length > 0) console.log(`docs:check: not installed in the workspace, typed as any: ${report.untyped.join(', ')}`);
  const skipped = report.skipped.map((b) => `${b.file}:${b.line}`).join(', ');
  console.log(
    `docs:check: ${report.checked} code blocks in ${files.length} files, ${report.skipped.length} skipped${skipped ? ` (${skipped})` : ''}: ` +
      (report.errors.length === 0 ? 'no type errors' : `${report.errors.length} type error(s)`),
  );
  if (report.errors.some((e) => /Cannot find module '@vaultkit\//.test(e.message)) && !source) {
    console.error('docs:check: @vaultkit/* not found: run `pnpm build` first, or pass --source.');
  }
  return report.errors.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
