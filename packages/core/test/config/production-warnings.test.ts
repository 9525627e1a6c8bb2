import { describe, expect, it } from 'vitest';
import { productionWarnings } from '../../src/config/production-warnings.js';

const ALL = { memoryStorage: true, outboxMailer: true, defaultUploader: true };
const NONE = { memoryStorage: false, outboxMailer: false, defaultUploader: false };

describe('productionWarnings', () => {
  it('productionWarnings - says nothing outside production, whatever runs', () => {
    for (const nodeEnv of [undefined, '', 'development', 'test', 'staging', 'prod']) {
      expect(productionWarnings({ nodeEnv, ...ALL })).toEqual([]);
    }
  });

  it('productionWarnings - says nothing in production with real adapters', () => {
    expect(productionWarnings({ nodeEnv: 'production', ...NONE })).toEqual([]);
  });

  it.each([
    ['memory storage', 'memoryStorage', ['in-memory storage', 'lost at restart', 'storage adapter', '@vaultkit/postgres', '@vaultkit/mongoose']],
    ['the outbox mailer', 'outboxMailer', ['outbox mailer', 'no mail is delivered', 'mailer:', '@vaultkit/nodemailer']],
    ['uploads in the temp folder', 'defaultUploader', ['temp folder', 'not shared between instances', 'localDiskUploader({ directory })', '@vaultkit/cloudinary']],
  ] as const)('productionWarnings - one loud line for %s, naming what to install or pass', (_, input, fragments) => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', ...NONE, [input]: true });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    for (const fragment of fragments) expect(line).toContain(fragment);
  });

  it('productionWarnings - all three, storage then mailer then uploads; NODE_ENV read like the outbox reads it', () => {
    for (const nodeEnv of ['production', 'Production', ' PRODUCTION ']) {
      const lines = productionWarnings({ nodeEnv, ...ALL });
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain('storage');
      expect(lines[1]).toContain('mailer');
      expect(lines[2]).toContain('uploads');
    }
  });

  it('productionWarnings - names packages an npm user can install, never a docs page they do not have', () => {
    const text = productionWarnings({ nodeEnv: 'production', ...ALL }).join('\n');
    expect(text).not.toMatch(/docs\//);
    // Only published adapter packages (rate limits are not warned about, so not @vaultkit/redis).
    const named = [...text.matchAll(/@vaultkit\/[a-z-]+/g)].map((m) => m[0]);
    expect(new Set(named)).toEqual(new Set(['@vaultkit/postgres', '@vaultkit/mongoose', '@vaultkit/nodemailer', '@vaultkit/cloudinary']));
  });
});
