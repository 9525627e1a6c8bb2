/**
 * `createVault({ mail: { templates, retry } })`: validated with the rest of the configuration,
 * and what the flows mail goes through them.
 *
 * @see issue 12 (nodemailer: templates overridable, retries ending in mail.failed)
 */
import { describe, expect, it } from 'vitest';
import { createVault, escapeHtml, VaultConfigError, type Mailer, type VaultEventMap, type VaultOptions } from '../../src/index.js';
import { call, makeVault, SECRET } from '../helpers/vault.js';

const configIssues = (mail: unknown): { path: string; message: string }[] => {
  try {
    createVault({ tokens: { secret: SECRET }, mail } as VaultOptions);
  } catch (error) {
    if (error instanceof VaultConfigError) return error.issues;
    throw error;
  }
  return [];
};

describe('createVault - mail options', () => {
  it('accepts templates and retry settings, and shows the resolved retry in vault.config', () => {
    const vault = createVault({
      tokens: { secret: SECRET },
      mail: { templates: { verifyEmail: () => ({ subject: 's', text: 't', html: 'h' }) }, retry: { attempts: 3, baseDelay: '2s', maxDelay: '1m' } },
    });
    expect(vault.config.mail).toEqual({ retry: { attempts: 3, baseDelayMs: 2000, maxDelayMs: 60_000 } });
  });

  it('defaults: 5 tries, 1 s doubling up to 60 s', () => {
    expect(createVault({ tokens: { secret: SECRET } }).config.mail).toEqual({ retry: { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 } });
  });

  it('reports every mail option problem at once, by path', () => {
    const issues = configIssues({ templates: { verifyEmial: () => ({}), loginCode: 'not a function' }, retry: { attempts: 0, baseDelay: 'soon' } });
    expect(issues.map((i) => i.path).sort()).toEqual(['mail.retry.attempts', 'mail.retry.baseDelay', 'mail.templates.loginCode', 'mail.templates.verifyEmial']);
    // A misspelt template name would silently keep the default: it is named, with the fix.
    expect(issues.find((i) => i.path === 'mail.templates.verifyEmial')?.message).toContain('mail.templates.verifyEmail');
  });

  it('a maximum delay shorter than the first one is refused', () => {
    expect(configIssues({ retry: { baseDelay: '10s', maxDelay: '1s' } })).toEqual([{ path: 'mail.retry.maxDelay', message: 'must not be shorter than mail.retry.baseDelay' }]);
  });
});

describe('flows mail through the app templates and the retry settings', () => {
  it('register mails the app verifyEmail template; the other mails keep the defaults', async () => {
    const t = makeVault({
      appName: 'Acme <Shop>',
      mail: {
        templates: {
          verifyEmail: ({ appName, code, ttlMinutes }) => ({
            subject: `Welcome to ${appName}`,
            text: `Your ${appName} code is ${code} (${ttlMinutes} min).`,
            html: `<p>Your ${escapeHtml(appName)} code is <b>${escapeHtml(code)}</b></p>`,
          }),
        },
      },
    });
    await call(t, 'POST /auth/register', { body: { email: 'ada@example.com', password: 'correct horse battery' } });
    await t.vault.close();
    const [mail] = t.mailer.messages('ada@example.com');
    const code = t.lastCode('ada@example.com');
    expect(mail).toMatchObject({
      subject: 'Welcome to Acme <Shop>',
      text: `Your Acme <Shop> code is ${code} (5 min).`,
      html: `<p>Your Acme &#60;Shop&#62; code is <b>${code}</b></p>`,
    });
    await call(t, 'POST /auth/forgot-password', { body: { email: 'ada@example.com' } });
    await t.vault.close();
    expect(t.mailer.messages('ada@example.com')[0]!.subject).toBe('Reset your password - Acme <Shop>');
  });

  it('a mailer that keeps failing is tried mail.retry.attempts times, then mail.failed; the answer is the same as with a working one', async () => {
    let tries = 0;
    const failing: Mailer = {
      send: async () => {
        tries += 1;
        throw Object.assign(new Error('421 try later'), { code: 'EENVELOPE', responseCode: 421 });
      },
    };
    const down = makeVault({ mailer: failing, mail: { retry: { attempts: 3, baseDelay: 1, maxDelay: 2 } } });
    const failed: VaultEventMap['mail.failed'][] = [];
    down.vault.on('mail.failed', (payload) => failed.push(payload));
    const up = makeVault();
    const body = { email: 'ada@example.com', password: 'correct horse battery' };
    const [a, b] = [await call(down, 'POST /auth/register', { body }), await call(up, 'POST /auth/register', { body })];
    expect(a.status).toBe(202);
    expect({ status: a.status, json: a.json }).toEqual({ status: b.status, json: b.json });
    await down.vault.close();
    expect(tries).toBe(3);
    expect(failed).toEqual([{ to: 'ada@example.com', subject: 'Verify your email address - vaultkit', attempts: 3, error: 'Error (EENVELOPE 421)' }]);
  });
});
