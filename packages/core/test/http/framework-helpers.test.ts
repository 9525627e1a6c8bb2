import { describe, expect, it } from 'vitest';
import { fromFrameworkError, parseQueryString, VaultError } from '../../src/index.js';

describe('adapter helpers', () => {
  it('parseQueryString - repeated names become arrays; __proto__ is an ordinary key', () => {
    const query = parseQueryString('/x?a=1&a=2&b=&c=%20d&__proto__=x');
    expect(query).toEqual(Object.fromEntries([['a', ['1', '2']], ['b', ''], ['c', ' d'], ['__proto__', 'x']]));
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(parseQueryString('/x')).toEqual({});
    expect(parseQueryString('/x?%zz=%')).toEqual({ '%zz': '%' });
  });

  it('fromFrameworkError - a framework 4xx keeps its class; anything else is left for a bare 500', () => {
    expect(fromFrameworkError(Object.assign(new Error('too big'), { status: 413 }))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(fromFrameworkError(Object.assign(new Error('bad type'), { statusCode: 415 }))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(fromFrameworkError(Object.assign(new Error('bad url'), { statusCode: 400 }))).toMatchObject({ code: 'BAD_REQUEST' });
    const boom = Object.assign(new Error('db exploded'), { status: 500 });
    expect(fromFrameworkError(boom)).toBe(boom);
    const own = new VaultError('FORBIDDEN');
    expect(fromFrameworkError(own)).toBe(own);
  });
});
