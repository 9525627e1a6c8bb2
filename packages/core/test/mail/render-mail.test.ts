import { describe, expect, it } from 'vitest';
import { defaultMailTemplates, escapeHtml } from '../../src/mail/default-templates.js';
import { defaultSubject, renderMail } from '../../src/mail/render-mail.js';
import { loginNotificationMail, otpMail, type MailTemplates } from '../../src/mail/templates.js';

const base = { appName: 'Acme', to: 'ada@example.com', code: '042917', ttlMinutes: 5 };
const verify = otpMail({ ...base, purpose: 'verify-email' });

describe('renderMail', () => {
  it('without an override, renders the default template synchronously, to the draft recipient', () => {
    const message = renderMail(verify, undefined);
    expect(message).not.toBeInstanceOf(Promise);
    expect(message).toEqual({ to: 'ada@example.com', ...defaultMailTemplates.verifyEmail(base) });
  });

  it('each OTP purpose has its own template name', () => {
    const names = (['verify-email', 'login', 'reset-password'] as const).map((purpose) => otpMail({ ...base, purpose }).template);
    expect(names).toEqual(['verifyEmail', 'loginCode', 'resetPassword']);
  });

  it('an override gets the data and replaces subject and both bodies; the others keep the defaults', () => {
    const seen: unknown[] = [];
    const templates: MailTemplates = {
      verifyEmail: (data) => {
        seen.push(data);
        return { subject: `Welcome to ${data.appName}`, text: `Code: ${data.code}`, html: `<b>${escapeHtml(data.code)}</b>` };
      },
    };
    expect(renderMail(verify, templates)).toEqual({ to: 'ada@example.com', subject: 'Welcome to Acme', text: 'Code: 042917', html: '<b>042917</b>' });
    expect(seen).toEqual([{ appName: 'Acme', to: 'ada@example.com', code: '042917', ttlMinutes: 5 }]);
    const login = otpMail({ ...base, purpose: 'login' });
    expect(renderMail(login, templates)).toEqual(renderMail(login, undefined));
  });

  it('an async override resolves to the message', async () => {
    const templates: MailTemplates = { verifyEmail: async ({ code }) => ({ subject: 'Hi', text: code, html: `<p>${code}</p>` }) };
    const pending = renderMail(verify, templates);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toEqual({ to: 'ada@example.com', subject: 'Hi', text: '042917', html: '<p>042917</p>' });
  });

  it('the recipient is not the template’s to choose', () => {
    const templates = { verifyEmail: () => ({ to: 'mallory@example.com', subject: 'Hi', text: 't', html: 'h' }) } as MailTemplates;
    expect(renderMail(verify, templates)).toMatchObject({ to: 'ada@example.com' });
  });

  it('a line break in an override subject never reaches the mailer (no header injection)', () => {
    const templates: MailTemplates = { verifyEmail: () => ({ subject: 'Hi\r\nBcc: victim@example.com', text: 't', html: 'h' }) };
    expect(renderMail(verify, templates)).toMatchObject({ subject: 'Hi Bcc: victim@example.com' });
  });

  it('a template that mutates its data does not change the draft', () => {
    const templates: MailTemplates = {
      verifyEmail: (data) => {
        (data as { code: string }).code = 'changed';
        return { subject: 's', text: 't', html: 'h' };
      },
    };
    renderMail(verify, templates);
    expect(verify.data).toMatchObject({ code: '042917' });
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'Hello'],
    ['no html', { subject: 's', text: 't' }],
    ['an empty subject', { subject: '  ', text: 't', html: 'h' }],
    ['a number as text', { subject: 's', text: 42, html: 'h' }],
  ])('an override returning %s is a TypeError naming the template', async (_label, value) => {
    const templates = { resetPassword: () => value } as unknown as MailTemplates;
    const reset = otpMail({ ...base, purpose: 'reset-password' });
    expect(() => renderMail(reset, templates)).toThrow(new TypeError('The mail template "resetPassword" must return { subject, text, html }, each a non-empty string'));
    const asyncTemplates = { resetPassword: async () => value } as unknown as MailTemplates;
    await expect(renderMail(reset, asyncTemplates)).rejects.toThrow(TypeError);
  });

  it('defaultSubject names the mail without rendering the app template', () => {
    const draft = loginNotificationMail({ appName: 'Acme', to: 'ada@example.com', at: new Date(0), ip: null, userAgent: null });
    expect(defaultSubject(draft)).toBe('New sign-in to your Acme account');
  });
});
