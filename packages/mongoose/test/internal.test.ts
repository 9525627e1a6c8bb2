import { describe, expect, it } from 'vitest';
import { escapeRegExp, foldCase, pageBounds } from '../src/internal.js';

describe('escapeRegExp', () => {
  /** The contract's search strings: each must match itself literally and nothing else. */
  const names = ['100% sure', '100 percent', 'snake_case', 'snakeXcase', 'a.*b', 'axxb', 'open (paren', 'back\\slash', 'back slash', 'x[1]+y?', 'a|b', '^$', '/slash/', 'c-d'];
  it.each([
    ['0% s', ['100% sure']],
    ['e_c', ['snake_case']],
    ['a.*b', ['a.*b']],
    ['n (p', ['open (paren']],
    ['k\\s', ['back\\slash']],
    ['[1]+', ['x[1]+y?']],
    ['a|b', ['a|b']],
    ['^$', ['^$']],
    ['/s', ['/slash/']],
    ['C-D', ['c-d']],
  ])('%s matches only itself (ignoring case)', (search, expected) => {
    const pattern = new RegExp(escapeRegExp(search), 'i');
    expect(names.filter((name) => pattern.test(name))).toEqual(expected);
  });
});

describe('foldCase', () => {
  it('folds ASCII A-Z only', () => {
    expect(foldCase('Mixed.Case@Example.TEST')).toBe('mixed.case@example.test');
    expect(foldCase('ÄÖ_already_lower_09')).toBe('ÄÖ_already_lower_09');
  });
});

describe('pageBounds', () => {
  it('skip and limit from a page counted from 1', () => {
    expect(pageBounds({ page: 1, limit: 20 })).toEqual({ skip: 0, limit: 20 });
    expect(pageBounds({ page: 3, limit: 2 })).toEqual({ skip: 4, limit: 2 });
  });

  it.each([
    { page: 0, limit: 10 },
    { page: 1.5, limit: 10 },
    { page: 1, limit: 0 },
    { page: 1, limit: Number.NaN },
  ])('TypeError for %o', (query) => {
    expect(() => pageBounds(query)).toThrow(TypeError);
  });
});
