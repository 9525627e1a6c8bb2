import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocBlocks, defaultDocFiles } from '../scripts/check-doc-blocks.js';
import { extractBlocks, freeNames } from '../scripts/doc-blocks/extract.js';

const md = (...lines: string[]) => lines.join('\n');

describe('extractBlocks', () => {
  it('returns ts and js blocks with the line of their first code line, nothing else', () => {
    const blocks = extractBlocks(
      md('# Title', '', '```sh', 'npm install x', '```', '', '```ts', 'const a = 1;', '```', '', '```js', 'let b = 2;', 'b++;', '```', '```json', '{}', '```'),
      'doc.md',
    );
    expect(blocks.map(({ lang, line, code }) => ({ lang, line, code }))).toEqual([
      { lang: 'ts', line: 8, code: 'const a = 1;' },
      { lang: 'js', line: 12, code: 'let b = 2;\nb++;' },
    ]);
  });

  it('strips the indentation of a block inside a list item, and remembers it for columns', () => {
    const [block] = extractBlocks(md('- item:', '', '  ```typescript', '  foo({', '    bar: 1,', '  });', '  ```'), 'doc.md');
    expect(block).toMatchObject({ line: 4, indent: 2, lang: 'ts', code: 'foo({\n  bar: 1,\n});' });
  });

  it('marks a block skipped when <!-- skip-check --> is the last non-blank line before it', () => {
    const blocks = extractBlocks(
      md('<!-- skip-check: deliberately invalid -->', '', '```ts', 'nope(', '```', 'text', '<!-- skip-check -->', 'a paragraph', '```ts', 'ok();', '```'),
      'doc.md',
    );
    expect(blocks.map((b) => b.skip)).toEqual([true, false]);
  });
});

describe('freeNames', () => {
  it('a block without imports is a fragment; its own top-level names are not free', () => {
    const { isFragment, names } = freeNames('const vault = createVault({ tokens: { secret } });\nfunction f() {}\nf();');
    expect(isFragment).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['createVault', 'secret']));
    expect(names).not.toContain('vault');
    expect(names).not.toContain('f');
  });

  it('a block with an import is a complete program', () => {
    expect(freeNames("import { createVault } from '@vaultkit/core';\ncreateVault({ tokens: { secret } });")).toMatchObject({ isFragment: false });
  });

  it('finds `key: value` statements (labels), which would check nothing', () => {
    expect(freeNames("createVault({});\nrateLimits: { accountLock: false }").labels).toEqual([1]);
  });
});

describe('checkDocBlocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-blocks-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports type errors at the Markdown file and line, checks fragments against core, skips marked blocks', () => {
    const file = join(dir, 'page.md');
    writeFileSync(
      file,
      md(
        '# Page', // 1
        '```ts', // 2
        "import { createVault } from '@vaultkit/core';", // 3
        "createVault({ tokens: { secret: 'x' }, colour: 'blue' });", // 4: not an option
        '```', // 5
        '', // 6
        '- in a list:', // 7
        '  ```js', // 8
        "  import { vaultRouter } from '@vaultkit/core';", // 9: not exported by core
        '  ```', // 10
        '```ts', // 11
        'createVault({ tokens: { secret } }).tokens;', // 12: a fragment, fine
        'rateLimits: { accountLock: false }', // 13: a label
        '```', // 14
        '<!-- skip-check: not code -->', // 15
        '```ts', // 16
        'this is not code', // 17
        '```', // 18
      ),
    );
    const report = checkDocBlocks({ files: [file], source: true });
    expect(report.checked).toBe(3);
    expect(report.skipped.map((b) => b.line)).toEqual([17]);
    const at = report.errors.map((e) => `${e.file}:${e.line}:${e.column}`);
    expect(at).toContain(`${file}:4:40`);
    expect(at.some((a) => a.startsWith(`${file}:9:`))).toBe(true);
    expect(at).toContain(`${file}:13:1`);
    expect(report.errors.find((e) => e.line === 4)?.message).toMatch(/colour/);
    expect(report.errors.find((e) => e.line === 9)?.message).toMatch(/vaultRouter/);
    expect(report.errors.filter((e) => e.line === 12)).toEqual([]);
  }, 120_000);

  it('the default files are README.md, every docs page and every package README', () => {
    const files = defaultDocFiles();
    expect(files[0]).toBe('README.md');
    expect(files).toEqual(expect.arrayContaining([join('docs', 'getting-started-express.md'), join('packages', 'core', 'README.md')]));
  });
});
