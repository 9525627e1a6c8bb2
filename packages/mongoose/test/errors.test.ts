import { ConflictError, DependencyError, VaultError } from '@vaultkit/core';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { duplicateIndexName, guardAll, isDuplicateKey, toStorageError } from '../src/errors.js';
import { InvalidQueryError } from '../src/internal.js';

/**
 * The error mapping, a pure function: driver errors are built as the driver builds them from a
 * server reply (`MongoServerError` takes the reply document), so no server is needed.
 */
const { MongoServerError, MongoNetworkError, MongoNotConnectedError, MongoBulkWriteError } = mongoose.mongo;

/** A duplicate-key reply as MongoDB sends it for an index of `vaultkit_users`. */
function duplicateKey(index: string, keyPattern: Record<string, 1>, options: { withName?: boolean } = {}) {
  const field = Object.keys(keyPattern)[0]!;
  const errmsg = options.withName === false
    ? `E11000 duplicate key error collection: app.vaultkit_users dup key: { ${field}: "x" }`
    : `E11000 duplicate key error collection: app.vaultkit_users index: ${index} dup key: { ${field}: "x" }`;
  return new MongoServerError({ ok: 0, code: 11000, codeName: 'DuplicateKey', errmsg, keyPattern, keyValue: { [field]: 'x' } });
}

describe('toStorageError', () => {
  it('duplicate key on the email index → ConflictError(email), 409, the driver error as cause', () => {
    const driver = duplicateKey('email_unique', { emailLower: 1 });
    const error = toStorageError(driver);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, field: 'email', cause: driver });
  });

  it('duplicate key on the username index → ConflictError(username)', () => {
    expect(toStorageError(duplicateKey('username_unique', { usernameLower: 1 }))).toMatchObject({ code: 'CONFLICT', field: 'username' });
  });

  it('the field comes from the key pattern when the message names no index', () => {
    const driver = duplicateKey('ignored', { usernameLower: 1 }, { withName: false });
    expect(duplicateIndexName(driver)).toBeUndefined();
    expect(toStorageError(driver)).toMatchObject({ code: 'CONFLICT', field: 'username' });
  });

  it('the index name wins over the key pattern', () => {
    expect(toStorageError(duplicateKey('email_unique', { usernameLower: 1 }))).toMatchObject({ field: 'email' });
  });

  it('duplicate key on an index vaultkit does not map (_id) → DependencyError, not a conflict on a made-up field', () => {
    const error = toStorageError(duplicateKey('_id_', { _id: 1 }));
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
  });

  it('a duplicate key inside a bulk write result is recognised', () => {
    const reply = { ok: 1, writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key error collection: app.vaultkit_users index: email_unique dup key: { emailLower: "x" }' }] };
    const bulk = new MongoBulkWriteError(reply as never, { insertedCount: 0 } as never);
    expect(isDuplicateKey(bulk)).toBe(true);
    expect(toStorageError(bulk)).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it.each([
    ['MongoNetworkError (refused, reset)', () => new MongoNetworkError('connect ECONNREFUSED 10.0.0.7:27017')],
    ['MongoNotConnectedError', () => new MongoNotConnectedError('Client must be connected before running operations')],
    ['a server error reply (not primary)', () => new MongoServerError({ ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' })],
    ['mongoose buffering timeout', () => new mongoose.Error('Operation `vaultkit_users.findOne()` buffering timed out after 10000ms')],
    ['any other error', () => new Error('socket hang up')],
    ['a thrown non-error', () => 'boom'],
  ])('%s → DependencyError (503) keeping the cause, no driver text in the message', (_name, make) => {
    const driver = make();
    const error = toStorageError(driver);
    expect(error).toBeInstanceOf(DependencyError);
    expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503, cause: driver });
    expect(error.message).toBe('The storage is temporarily unavailable');
  });

  it('vaultkit errors and the adapter\'s own TypeErrors pass through unchanged', () => {
    const conflict = new ConflictError('email');
    const vault = new VaultError('NOT_FOUND');
    const misuse = new InvalidQueryError('page must be an integer >= 1');
    expect(toStorageError(conflict)).toBe(conflict);
    expect(toStorageError(vault)).toBe(vault);
    expect(toStorageError(misuse)).toBe(misuse);
    expect(misuse).toBeInstanceOf(TypeError);
  });

  it('isDuplicateKey: only code 11000/11001', () => {
    expect(isDuplicateKey(duplicateKey('email_unique', { emailLower: 1 }))).toBe(true);
    expect(isDuplicateKey(new MongoServerError({ ok: 0, code: 11001, errmsg: 'E11001 duplicate key on update' }))).toBe(true);
    expect(isDuplicateKey(new MongoServerError({ ok: 0, code: 112, errmsg: 'WriteConflict' }))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});

describe('guardAll', () => {
  const repository = guardAll({
    async fails(error: unknown) {
      throw error;
    },
    async works(value: number) {
      return value + 1;
    },
  });

  it('every method: a driver error leaves as DependencyError, a conflict as ConflictError', async () => {
    const network = new MongoNetworkError('connection reset');
    await expect(repository.fails(network)).rejects.toMatchObject({ name: 'DependencyError', cause: network });
    await expect(repository.fails(duplicateKey('username_unique', { usernameLower: 1 }))).rejects.toMatchObject({ field: 'username' });
    await expect(repository.works(1)).resolves.toBe(2);
  });

  it('a synchronous throw inside a method is translated too', async () => {
    const sync = guardAll({
      read(): Promise<never> {
        throw new TypeError("Cannot read properties of undefined (reading 'findOne')");
      },
    });
    await expect(sync.read()).rejects.toBeInstanceOf(DependencyError);
  });
});
