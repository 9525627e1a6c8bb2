import { describe, expect, it } from 'vitest';
import { productionWarnings } from '../../src/config/production-warnings.js';

const BOTH = { memoryStorage: true, outboxMailer: true };

describe('productionWarnings', () => {
  it('productionWarnings - says nothing outside production, whatever runs', () => {
    for (const nodeEnv of [undefined, '', 'development', 'test', 'staging', 'prod']) {
      expect(productionWarnings({ nodeEnv, ...BOTH })).toEqual([]);
    }
  });

  it('productionWarnings - says nothing in production with real adapters', () => {
    expect(productionWarnings({ nodeEnv: 'production', memoryStorage: false, outboxMailer: false })).toEqual([]);
  });

  it('productionWarnings - one loud line for memory storage, naming what to pass instead', () => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', memoryStorage: true, outboxMailer: false });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    expect(line).toContain('in-memory storage');
    expect(line).toContain('lost at restart');
    expect(line).toContain('storage adapter');
    expect(line).toContain('docs/adapters.md');
  });

  it('productionWarnings - one loud line for the outbox mailer, naming what to pass instead', () => {
    const [line, ...rest] = productionWarnings({ nodeEnv: 'production', memoryStorage: false, outboxMailer: true });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^WARNING: NODE_ENV=production/);
    expect(line).toContain('outbox mailer');
    expect(line).toContain('no mail is delivered');
    expect(line).toContain('mailer:');
    expect(line).toContain('docs/adapters.md');
  });

  it('productionWarnings - both, storage first; NODE_ENV read like the outbox reads it', () => {
    for (const nodeEnv of ['production', 'Production', ' PRODUCTION ']) {
      const lines = productionWarnings({ nodeEnv, ...BOTH });
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain('storage');
      expect(lines[1]).toContain('mailer');
    }
  });

  it('productionWarnings - names no adapter package that does not exist yet', () => {
    const text = productionWarnings({ nodeEnv: 'production', ...BOTH }).join('\n');
    expect(text).not.toMatch(/@vaultkit\/(postgres|mongoose|redis|nodemailer|cloudinary)|postgresStorage|nodemailerMailer/);
  });
});
