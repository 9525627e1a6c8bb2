import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type Mailer } from '../../src/index.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

function warningsOf(options: { storage?: ReturnType<typeof memoryStorage>; mailer?: Mailer } = {}): string[] {
  const warnings: string[] = [];
  createVault({ tokens: { secret: SECRET }, logger: { warn: (m) => warnings.push(m), error: () => {} }, ...options });
  return warnings;
}

describe('createVault - production warnings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('warns once for memory storage and once for the outbox under NODE_ENV=production, through the logger', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warnings = warningsOf();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/in-memory storage/);
    expect(warnings[1]).toMatch(/outbox/i);
    // Passing the embedded defaults explicitly is the same thing.
    expect(warningsOf({ storage: memoryStorage(), mailer: outboxMailer({ log: false }) })).toHaveLength(2);
  });

  it('says nothing with real adapters, or outside production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const realish: Mailer = { send: async () => {} };
    const storage = { ...memoryStorage() }; // a copy stands for an adapter of the app's own
    expect(warningsOf({ storage, mailer: realish })).toEqual([]);
    vi.stubEnv('NODE_ENV', 'test');
    expect(warningsOf()).toEqual([]);
  });
});
