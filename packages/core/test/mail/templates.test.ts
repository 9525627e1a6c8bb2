import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/mail/default-templates.js';
import { renderMail } from '../../src/mail/render-mail.js';
import * as drafts from '../../src/mail/templates.js';
import type { MailMessage } from '../../src/ports/mailer.js';

/** The built-in templates, through the renderer the mail queue uses (synchronous for them). */
const render =
  <A extends unknown[]>(draft: (...args: A) => drafts.MailDraft) =>
  (...args: A): MailMessage =>
    renderMail(draft(...args), undefined) as MailMessage;
const otpMail = render(drafts.otpMail);
const loginNotificationMail = render(drafts.loginNotificationMail);
const passwordChangedMail = render(drafts.passwordChangedMail);
const duplicateRegistrationMail = render(drafts.duplicateRegistrationMail);

const evil = '<script>alert(1)</script>';

describe('mail templates', () => {
  it.each(['verify-email', 'login', 'reset-password'] as const)('otpMail(%s) puts the code in both bodies, never in the subject', (purpose) => {
    const m = otpMail({ appName: 'Acme', to: 'ada@example.com', purpose, code: '042917', ttlMinutes: 5 });
    expect(m.to).toBe('ada@example.com');
    expect(m.subject).toContain('Acme');
    expect(m.subject).not.toContain('042917');
    expect(m.text).toContain('042917');
    expect(m.html).toContain('042917');
    expect(m.text).toContain('5 minutes');
  });

  it('the login code is worded as an email verification step, not as MFA', () => {
    const m = otpMail({ appName: 'Acme', to: 'ada@example.com', purpose: 'login', code: '042917', ttlMinutes: 5 });
    expect(m.text).toContain('email verification step');
    expect(`${m.subject} ${m.text}`).not.toMatch(/MFA|multi-factor|two-factor|2FA/i);
  });

  it('the three OTP purposes read differently', () => {
    const subjects = (['verify-email', 'login', 'reset-password'] as const).map(
      (purpose) => otpMail({ appName: 'Acme', to: 'a@example.com', purpose, code: '000000', ttlMinutes: 1 }).subject,
    );
    expect(new Set(subjects).size).toBe(3);
  });

  it('escapes every interpolated value in HTML (app name, user agent, ip, recipient)', () => {
    const mails = [
      otpMail({ appName: evil, to: `${evil}@example.com`, purpose: 'verify-email', code: evil, ttlMinutes: 5 }),
      loginNotificationMail({ appName: evil, to: 'ada@example.com', at: new Date(0), ip: evil, userAgent: evil }),
      passwordChangedMail({ appName: evil, to: 'ada@example.com', at: new Date(0) }),
      duplicateRegistrationMail({ appName: evil, to: 'ada@example.com' }),
    ];
    for (const m of mails) {
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&#60;script&#62;');
    }
  });

  it('loginNotificationMail names the time, address and device, and copes with unknown ones', () => {
    const m = loginNotificationMail({
      appName: 'Acme',
      to: 'ada@example.com',
      at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      ip: '203.0.113.7',
      userAgent: 'Firefox/140',
    });
    expect(m.text).toContain('2026-01-02 03:04:05 UTC');
    expect(m.text).toContain('203.0.113.7');
    expect(m.text).toContain('Firefox/140');
    const unknown = loginNotificationMail({ appName: 'Acme', to: 'ada@example.com', at: new Date(0), ip: null, userAgent: null });
    expect(unknown.text).toContain('unknown');
  });

  it('duplicateRegistrationMail tells the owner to sign in or reset', () => {
    const m = duplicateRegistrationMail({ appName: 'Acme', to: 'ada@example.com' });
    expect(m.text).toMatch(/sign in/i);
    expect(m.text).toMatch(/reset your password/i);
  });

  it('never lets a line break into the subject', () => {
    const m = passwordChangedMail({ appName: 'Acme\r\nBcc: victim@example.com', to: 'ada@example.com', at: new Date(0) });
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  it('every mail has a text and an HTML body with the same paragraphs', () => {
    const m = duplicateRegistrationMail({ appName: 'Acme', to: 'ada@example.com' });
    expect(m.html).toMatch(/^<!doctype html>/);
    for (const paragraph of m.text.split('\n\n').slice(0, -1)) expect(m.html).toContain(`<p>${escapeHtml(paragraph)}</p>`);
  });

  it('escapeHtml escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
