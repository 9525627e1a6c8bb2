import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConflictError, isVaultError, RateLimitedError, VaultError } from '../../src/errors/index.js';

/** What an app's `catch` does: narrow on `code` and read the fields that code carries. */
function describeFailure(error: unknown): string {
  if (!isVaultError(error)) return 'not ours';
  switch (error.code) {
    case 'CONFLICT':
      expectTypeOf(error).toEqualTypeOf<ConflictError>();
      return `taken: ${error.field}`;
    case 'ACCOUNT_LOCKED':
    case 'TOO_MANY_ATTEMPTS':
      expectTypeOf(error).toEqualTypeOf<RateLimitedError>();
      return `${error.code} for ${error.retryAfter}s`;
    case 'INVALID_CREDENTIALS':
      expectTypeOf(error).toEqualTypeOf<VaultError<'INVALID_CREDENTIALS'>>();
      return `${error.code} ${error.status}`;
    default:
      return error.code;
  }
}

describe('AnyVaultError', () => {
  it('narrows on code: each code carries its own fields', () => {
    expect(describeFailure(new ConflictError('email'))).toBe('taken: email');
    expect(describeFailure(new RateLimitedError(900, { code: 'ACCOUNT_LOCKED' }))).toBe('ACCOUNT_LOCKED for 900s');
    expect(describeFailure(new VaultError('INVALID_CREDENTIALS'))).toBe('INVALID_CREDENTIALS 401');
    expect(describeFailure(new Error('boom'))).toBe('not ours');
  });
});
