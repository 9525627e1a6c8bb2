import mongoose, { type Schema } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { collectionNames, mongooseStorage } from '../src/index.js';
import { assetSchema } from '../src/schemas/assets.js';
import { otpSchema } from '../src/schemas/otps.js';
import { revocationSchema } from '../src/schemas/revocations.js';
import { sessionSchema } from '../src/schemas/sessions.js';
import { subscriptionSchema } from '../src/schemas/subscriptions.js';
import { userSchema } from '../src/schemas/users.js';

/**
 * The schema and index definitions, checked without a server: what `syncIndexes()` will ask
 * MongoDB to build. (That MongoDB enforces them is the contract's part, on a real server.)
 */

/** The index of `schema` named `name`: its keys and options. */
function indexNamed(schema: Schema, name: string): { keys: Record<string, unknown>; options: Record<string, unknown> } {
  const found = schema.indexes().find(([, options]) => (options as { name?: string }).name === name);
  if (!found) throw new Error(`no index named ${name}`);
  return { keys: found[0] as Record<string, unknown>, options: found[1] as Record<string, unknown> };
}

const ALL_SCHEMAS = { users: userSchema, sessions: sessionSchema, revocations: revocationSchema, otps: otpSchema, assets: assetSchema, subscriptions: subscriptionSchema };

describe('users schema', () => {
  it('email: unique on the case-folded copy, without a collation', () => {
    const { keys, options } = indexNamed(userSchema, 'email_unique');
    expect(keys).toEqual({ emailLower: 1 });
    expect(options).toMatchObject({ unique: true });
    expect(options.partialFilterExpression).toBeUndefined();
  });

  it('username: unique only among users that have one (partial index on a string value)', () => {
    const { keys, options } = indexNamed(userSchema, 'username_unique');
    expect(keys).toEqual({ usernameLower: 1 });
    expect(options).toMatchObject({ unique: true, partialFilterExpression: { usernameLower: { $type: 'string' } } });
  });

  it('list indexes: newest first with ties by id, alone and after the role filter', () => {
    expect(Object.entries(indexNamed(userSchema, 'newest').keys)).toEqual([['createdAt', -1], ['_id', -1]]);
    expect(Object.entries(indexNamed(userSchema, 'role_newest').keys)).toEqual([['role', 1], ['createdAt', -1], ['_id', -1]]);
  });

  it('ids are strings chosen by core; null username, name, bio and media by default', () => {
    expect(userSchema.path('_id').instance).toBe('String');
    for (const path of ['username', 'usernameLower', 'name', 'bio', 'avatar', 'cover']) {
      expect((userSchema.path(path) as unknown as { defaultValue: unknown }).defaultValue, path).toBeNull();
    }
    expect(userSchema.path('avatar.publicId').instance).toBe('String');
  });
});

describe('expiring collections', () => {
  it.each([
    ['sessions', sessionSchema],
    ['revocations', revocationSchema],
    ['otps', otpSchema],
  ] as const)('%s: a TTL index on purgeAt that deletes once it has passed (expireAfterSeconds 0)', (_name, schema) => {
    const { keys, options } = indexNamed(schema, 'purge_ttl');
    expect(keys).toEqual({ purgeAt: 1 });
    expect(options.expireAfterSeconds).toBe(0);
    expect((schema as Schema).path('purgeAt').instance).toBe('Date');
  });

  it('no TTL index where nothing expires (users, assets, subscriptions)', () => {
    for (const schema of [userSchema, assetSchema, subscriptionSchema]) {
      expect(schema.indexes().filter(([, options]) => options.expireAfterSeconds !== undefined)).toEqual([]);
    }
  });

  it('sessions: listByUser and deleteByUser read an index by user, newest first, ties by id', () => {
    expect(Object.entries(indexNamed(sessionSchema, 'user_newest').keys)).toEqual([['userId', 1], ['createdAt', -1], ['_id', -1]]);
  });
});

describe('assets and subscriptions schemas', () => {
  it('assets: an index for each filter combination of list and count, each newest first with ties by id', () => {
    const keys = (name: string) => Object.entries(indexNamed(assetSchema, name).keys);
    expect(keys('newest')).toEqual([['createdAt', -1], ['_id', -1]]);
    expect(keys('owner_newest')).toEqual([['ownerId', 1], ['createdAt', -1], ['_id', -1]]);
    expect(keys('owner_visibility_newest')).toEqual([['ownerId', 1], ['visibility', 1], ['createdAt', -1], ['_id', -1]]);
    expect(keys('visibility_newest')).toEqual([['visibility', 1], ['createdAt', -1], ['_id', -1]]);
  });

  it('subscriptions: both list directions in the order the port asks (at, then the listed id, descending)', () => {
    expect(Object.entries(indexNamed(subscriptionSchema, 'channel_newest').keys)).toEqual([['channelId', 1], ['at', -1], ['subscriberId', -1]]);
    expect(Object.entries(indexNamed(subscriptionSchema, 'subscriber_newest').keys)).toEqual([['subscriberId', 1], ['at', -1], ['channelId', -1]]);
  });
});

describe('every schema', () => {
  it.each(Object.entries(ALL_SCHEMAS))('%s: creates nothing on its own (autoIndex and autoCreate off), no version key', (_name, schema) => {
    expect(schema.get('autoIndex')).toBe(false);
    expect(schema.get('autoCreate')).toBe(false);
    expect(schema.get('versionKey')).toBe(false);
  });

  it.each(Object.entries(ALL_SCHEMAS))('%s: no collation anywhere (string order stays binary, as the tie-break by id needs)', (_name, schema) => {
    expect(schema.get('collation')).toBeUndefined();
    for (const [, options] of schema.indexes()) expect(options.collation).toBeUndefined();
  });

  it.each(Object.entries(ALL_SCHEMAS))('%s: every index has an explicit name (conflicts are mapped by index name)', (_name, schema) => {
    for (const [keys, options] of schema.indexes()) expect(options.name, JSON.stringify(keys)).toMatch(/^[a-z_]+$/);
  });
});

describe('models on an app connection', () => {
  const connections: mongoose.Connection[] = [];
  /** A connection that is never opened: compiling models needs no server. */
  const connection = () => {
    const c = mongoose.createConnection();
    connections.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
  });

  it('mongooseStorage compiles one model per collection, named after it, with the default prefix', () => {
    const c = connection();
    const storage = mongooseStorage(c);
    expect(Object.keys(storage).sort()).toEqual(['assets', 'dispose', 'otps', 'ping', 'revocations', 'sessions', 'subscriptions', 'users']);
    const names = collectionNames();
    expect(names).toEqual({
      users: 'vaultkit_users', sessions: 'vaultkit_sessions', revocations: 'vaultkit_revocations',
      otps: 'vaultkit_otps', assets: 'vaultkit_assets', subscriptions: 'vaultkit_subscriptions',
    });
    for (const name of Object.values(names)) expect(c.models[name]?.collection.collectionName).toBe(name);
    expect(c.models.vaultkit_users?.schema.indexes()).toEqual(userSchema.indexes());
  });

  it('a second storage on the same connection reuses the models; another prefix gets its own collections', () => {
    const c = connection();
    mongooseStorage(c);
    expect(() => mongooseStorage(c)).not.toThrow();
    mongooseStorage(c, { collectionPrefix: 'tenant_a.' });
    expect(c.models['tenant_a.users']?.collection.collectionName).toBe('tenant_a.users');
    expect(Object.keys(c.models)).toHaveLength(12);
  });

  it('refuses a prefix that is not a plain collection name, and something that is not a connection', () => {
    const c = connection();
    for (const collectionPrefix of ['a$b', 'system.', 'a b', 'x\u0000']) {
      expect(() => mongooseStorage(c, { collectionPrefix })).toThrow(TypeError);
    }
    expect(() => mongooseStorage({} as never)).toThrow(TypeError);
    expect(() => mongooseStorage(null as never)).toThrow(TypeError);
  });

  it('refuses to take over an app model of the same name on another collection', () => {
    const c = connection();
    c.model('vaultkit_users', new mongoose.Schema({ name: String }), 'people');
    expect(() => mongooseStorage(c)).toThrow(/already has a model named "vaultkit_users"/);
  });
});
