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

  it('productionWarnings - one loud line for memory storage, naming the packages to install', () => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', ...NONE, memoryStorage: true });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    expect(line).toContain('in-memory storage');
    expect(line).toContain('lost at restart');
    expect(line).toContain('storage adapter');
    expect(line).toContain('@vaultkit/postgres');
    expect(line).toContain('@vaultkit/mongoose');
  });

  it('productionWarnings - one loud line for the outbox mailer, naming the package to install', () => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', ...NONE, outboxMailer: true });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    expect(line).toContain('outbox mailer');
    expect(line).toContain('no mail is delivered');
    expect(line).toContain('mailer:');
    expect(line).toContain('@vaultkit/nodemailer');
  });

  it('productionWarnings - one loud line for uploads in the temp folder, naming a volume or the package to install', () => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', ...NONE, defaultUploader: true });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    expect(line).toContain('temp folder');
    expect(line).toContain('not shared between instances');
    expect(line).toContain('localDiskUploader({ directory })');
    expect(line).toContain('@vaultkit/cloudinary');
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
