import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { DEFAULT_UPLOAD_DIRECTORY, createVault, localDiskUploader, memoryStorage, outboxMailer, type Mailer, type Uploader } from '../../src/index.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

function warningsOf(options: { storage?: ReturnType<typeof memoryStorage>; mailer?: Mailer; uploader?: Uploader } = {}): string[] {
  const warnings: string[] = [];
  createVault({ tokens: { secret: SECRET }, logger: { warn: (m) => warnings.push(m), error: () => {} }, ...options });
  return warnings;
}

describe('createVault - production warnings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('warns once each for memory storage, the outbox and the temp upload folder under NODE_ENV=production, through the logger', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warnings = warningsOf();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/in-memory storage/);
    expect(warnings[1]).toMatch(/outbox/i);
    expect(warnings[2]).toMatch(/temp folder/);
    // Passing the embedded defaults explicitly is the same thing.
    const embedded = { storage: memoryStorage(), mailer: outboxMailer({ log: false }), uploader: localDiskUploader({ directory: DEFAULT_UPLOAD_DIRECTORY }) };
    expect(warningsOf(embedded)).toHaveLength(3);
  });

  it('does not warn about a local-disk uploader on a folder of the app\'s choosing', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const uploader = localDiskUploader({ directory: join(DEFAULT_UPLOAD_DIRECTORY, '..', 'vaultkit-volume') });
    expect(warningsOf({ storage: { ...memoryStorage() }, mailer: { send: async () => {} }, uploader })).toEqual([]);
  });

  it('says nothing with real adapters, or outside production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const realish: Mailer = { send: async () => {} };
    const storage = { ...memoryStorage() }; // a copy stands for an adapter of the app's own
    const uploader: Uploader = { upload: async () => ({ publicId: 'x', url: 'https://cdn.example/x', bytes: 0, format: 'png' }), remove: async () => {} };
    expect(warningsOf({ storage, mailer: realish, uploader })).toEqual([]);
    vi.stubEnv('NODE_ENV', 'test');
    expect(warningsOf()).toEqual([]);
  });
});
