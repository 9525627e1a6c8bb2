import { randomUUID } from 'node:crypto';
import { DependencyError, type Storage } from '@vaultkit/core';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mongooseStorage, type MongooseStorage, syncIndexes } from '../src/index.js';
import { unreachableConnection } from './mongo.js';

/**
 * MongoDB down, on a real mongoose connection to a closed loopback port (this needs no MongoDB
 * server, so it runs everywhere): every call of every repository, `ping` and `syncIndexes`
 * reject with `DependencyError` keeping the driver's error as `cause`, never a raw driver or
 * mongoose error, and `isRevoked` rejects (fails closed) instead of answering "not revoked".
 */
function everyCall(storage: Storage): Record<string, () => Promise<unknown>> {
  const id = randomUUID();
  const now = new Date();
  const later = new Date(now.getTime() + 60_000);
  const page = { page: 1, limit: 10 };
  const user = {
    id, email: `${id}@example.test`, username: null, passwordHash: 'h', role: 'user', emailVerified: false, twoFactorEnabled: false,
    name: null, bio: null, avatar: null, cover: null, banned: false, credentialVersion: 0, createdAt: now, updatedAt: now,
  };
  const session = {
    id, userId: id, refreshHash: 'h', previousHash: null, rotatedAt: null, lastPair: null, expiresAt: later, absoluteExpiresAt: later,
    createdAt: now, userAgent: null, ip: null, credentialVersion: 0,
  };
  const asset = {
    id, ownerId: id, publicId: 'p', url: 'https://x.test/p', kind: 'image' as const, format: 'png', bytes: 1, width: 1, height: 1,
    duration: null, title: '', description: '', visibility: 'public' as const, createdAt: now, updatedAt: now,
  };
  const otp = { purpose: 'login' as const, subject: 's', codeHash: 'c' };
  return {
    'ping': async () => storage.ping?.() ?? Promise.reject(new Error('ping is missing')),
    'users.create': () => storage.users.create(user),
    'users.findById': () => storage.users.findById(id),
    'users.findByEmail': () => storage.users.findByEmail(user.email),
    'users.findByUsername': () => storage.users.findByUsername('someone'),
    'users.findByIds': () => storage.users.findByIds([id]),
    'users.update': () => storage.users.update(id, { name: 'x' }),
    'users.replaceMedia': () => storage.users.replaceMedia(id, 'avatar', null, now),
    'users.bumpCredentialVersion': () => storage.users.bumpCredentialVersion(id),
    'users.delete': () => storage.users.delete(id),
    'users.list': () => storage.users.list({ ...page, search: 'a.*(' }),
    'sessions.create': () => storage.sessions.create(session),
    'sessions.findById': () => storage.sessions.findById(id, now),
    'sessions.rotate': () => storage.sessions.rotate(id, 'h', { refreshHash: 'n', previousHash: 'h', rotatedAt: now, lastPair: 'p', expiresAt: later }),
    'sessions.delete': () => storage.sessions.delete(id),
    'sessions.deleteByUser': () => storage.sessions.deleteByUser(id),
    'sessions.listByUser': () => storage.sessions.listByUser(id, now),
    'revocations.allowSession': () => storage.revocations.allowSession(id, later, now),
    'revocations.revokeSession': () => storage.revocations.revokeSession(id),
    'revocations.revokeToken': () => storage.revocations.revokeToken(id, later, now),
    'revocations.isRevoked': () => storage.revocations.isRevoked({ jti: id, sid: id }, now),
    'otps.issue': () => storage.otps.issue({ ...otp, expiresAt: later, retainUntil: later, now }),
    'otps.attempt': () => storage.otps.attempt({ ...otp, maxAttempts: 5, lockUntil: later, now }),
    'otps.delete': () => storage.otps.delete(otp.purpose, otp.subject),
    'assets.create': () => storage.assets.create(asset),
    'assets.findById': () => storage.assets.findById(id),
    'assets.list': () => storage.assets.list({ ...page, ownerId: id }),
    'assets.count': () => storage.assets.count({ ownerId: id }),
    'assets.delete': () => storage.assets.delete(id),
    'assets.deleteMany': () => storage.assets.deleteMany([id]),
    'assets.deleteByOwner': () => storage.assets.deleteByOwner(id),
    'subscriptions.subscribe': () => storage.subscriptions.subscribe(id, randomUUID(), now),
    'subscriptions.unsubscribe': () => storage.subscriptions.unsubscribe(id, randomUUID()),
    'subscriptions.isSubscribed': () => storage.subscriptions.isSubscribed(id, randomUUID()),
    'subscriptions.channelStats': () => storage.subscriptions.channelStats(id, randomUUID()),
    'subscriptions.listSubscribers': () => storage.subscriptions.listSubscribers(id, page),
    'subscriptions.listSubscriptions': () => storage.subscriptions.listSubscriptions(id, page),
    'subscriptions.deleteByUser': () => storage.subscriptions.deleteByUser(id),
  };
}

/** How a call ended: `DependencyError` when it is the 503 error with a cause, else what leaked. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  return call().then(
    () => 'resolved',
    (error: unknown) =>
      error instanceof DependencyError && error.status === 503 && error.cause !== undefined && !/27017|127\.0\.0\.1|E11000/.test(error.message)
        ? 'DependencyError'
        : `${(error as Error)?.name}: ${(error as Error)?.message}`,
  );
}

async function outcomes(calls: Record<string, () => Promise<unknown>>): Promise<Record<string, string>> {
  const ended: Record<string, string> = {};
  for (const [name, call] of Object.entries(calls)) ended[name] = await outcome(call);
  return ended;
}

const allDependencyErrors = (calls: Record<string, unknown>) => Object.fromEntries(Object.keys(calls).map((name) => [name, 'DependencyError']));

describe('mongooseStorage with MongoDB unreachable (bufferCommands off)', () => {
  let connection: mongoose.Connection;
  let storage: MongooseStorage;
  beforeAll(async () => {
    connection = await unreachableConnection();
    storage = mongooseStorage(connection);
  });
  afterAll(() => connection.close());

  it('ping and every repository call reject with DependencyError (one assertion listing any leak)', async () => {
    const calls = everyCall(storage);
    expect(Object.keys(calls)).toHaveLength(38);
    await expect(outcomes(calls)).resolves.toEqual(allDependencyErrors(calls));
  });

  it('a misuse is still a TypeError, raised before any query', async () => {
    await expect(storage.users.list({ page: 0, limit: 10 })).rejects.toThrow(TypeError);
    await expect(storage.assets.list({ page: 1, limit: 0 })).rejects.not.toBeInstanceOf(DependencyError);
  });

  it('syncIndexes rejects with DependencyError naming the collection in its cause', async () => {
    const error = await syncIndexes(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect(String(((error as Error).cause as Error).message)).toContain('"vaultkit_users"');
  });
});

describe('mongooseStorage with MongoDB unreachable (commands buffered)', () => {
  it('calls wait for bufferTimeoutMS, then reject with DependencyError', async () => {
    const connection = await unreachableConnection({ bufferTimeoutMS: 150 });
    try {
      const storage = mongooseStorage(connection);
      const all = everyCall(storage);
      const some = Object.fromEntries(['users.findById', 'users.list', 'sessions.rotate', 'revocations.isRevoked', 'otps.attempt', 'subscriptions.channelStats'].map((name) => [name, all[name]!]));
      await expect(outcomes(some)).resolves.toEqual(allDependencyErrors(some));
    } finally {
      await connection.close();
    }
  });
});

describe('ping and dispose', () => {
  it('ping on a connection that was never opened: DependencyError, not a silent success', async () => {
    const connection = mongoose.createConnection();
    try {
      const error = await mongooseStorage(connection).ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DependencyError);
      expect(String(((error as Error).cause as Error).message)).toContain('not open');
    } finally {
      await connection.close();
    }
  });

  it('dispose closes nothing of the app\'s (neither the connection nor its client); idempotent', async () => {
    const connection = await unreachableConnection();
    // No server to observe a closed socket on: watch the calls that would close them.
    const closes = [vi.spyOn(connection, 'close'), vi.spyOn(connection, 'destroy'), vi.spyOn(connection.getClient(), 'close')];
    const storage = mongooseStorage(connection);
    await expect(storage.dispose()).resolves.toBeUndefined();
    await expect(storage.dispose()).resolves.toBeUndefined();
    expect(closes.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
    await connection.close();
    expect(closes[0]!.mock.calls.length).toBeGreaterThan(0);
  });
});
