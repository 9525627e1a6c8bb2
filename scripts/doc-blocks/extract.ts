/**
 * Markdown → the ```ts / ```js code blocks that `scripts/check-doc-blocks.ts` type-checks, and
 * what a block declares and uses (a fragment gets the names it uses from the prelude).
 */
import ts from 'typescript';

/** One fenced code block of a Markdown file. */
export interface DocBlock {
  /** The Markdown file, as given (relative to the repository root in messages). */
  file: string;
  /** 1-based line, in `file`, of the block's first code line (the line after the fence). */
  line: number;
  /** Columns of indentation removed from every line (a block inside a list item). */
  indent: number;
  lang: 'ts' | 'js';
  code: string;
  /** A `<!-- skip-check -->` comment is the last non-blank line before the fence. */
  skip: boolean;
}

const LANGS: Record<string, DocBlock['lang']> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const SKIP = /^<!--\s*skip-check\b[^]*-->$/;

/**
 * Every ```ts / ```typescript / ```js / ```javascript block of `markdown`, in order, with the line
 * its code starts on. Other languages (sh, json, http, text) are not returned.
 *
 * @example
 * extractBlocks(readFileSync('README.md', 'utf8'), 'README.md').filter((b) => !b.skip);
 */
export function extractBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indentText = '', fence = '', info = ''] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
    const end = close === -1 ? lines.length : close;
    const lang = LANGS[info.toLowerCase()];
    if (lang) {
      const indent = indentText.length;
      const code = lines
        .slice(i + 1, end)
        .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
        .join('\n');
      blocks.push({ file, line: i + 2, indent, lang, code, skip: SKIP.test(previousNonBlank(lines, i)) });
    }
    i = end;
  }
  return blocks;
}

/**
 * A block without any `import` is a fragment (`createVault({ tokens: { secret }, ... })`): it
 * reads names the page introduced earlier. Returns the identifiers it uses but does not declare at
 * its top level, so the checker can import exactly those from the prelude, and the 0-based lines
 * of top-level labels (`key: value` written as a statement).
 *
 * @example
 * freeNames('const vault = createVault({ tokens: { secret } });'); // { isFragment: true, names: ['vault', 'createVault', ...], labels: [] }
 */
export function freeNames(code: string): { isFragment: boolean; names: string[]; labels: number[] } {
  const source = ts.createSourceFile('block.mts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const isFragment = !source.statements.some((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const declared = new Set<string>();
  for (const statement of source.statements) for (const name of declaredBy(statement)) declared.add(name);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    node.forEachChild(visit);
  };
  source.forEachChild(visit);
  // `rateLimits: { ... }` alone parses as a label: an object fragment that would pass unchecked.
  const labels = source.statements.filter(ts.isLabeledStatement).map((s) => source.getLineAndCharacterOfPosition(s.getStart(source)).line);
  return { isFragment, names: [...used].filter((name) => !declared.has(name)), labels };
}

// --- internal ---

function previousNonBlank(lines: string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return lines[i]!.trim();
  return '';
}

function declaredBy(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    const named = clause?.namedBindings;
    return [
      ...(clause?.name ? [clause.name.text] : []),
      ...(named && ts.isNamespaceImport(named) ? [named.name.text] : []),
      ...(named && ts.isNamedImports(named) ? named.elements.map((e) => e.name.text) : []),
    ];
  }
  const named = statement as ts.Statement & { name?: ts.Node };
  return named.name && ts.isIdentifier(named.name) ? [named.name.text] : [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}
