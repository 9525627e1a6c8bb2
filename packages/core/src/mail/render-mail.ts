import type { MailMessage } from '../ports/mailer.js';
import { defaultMailTemplates } from './default-templates.js';
import type { MailContent, MailDraft, MailTemplateName, MailTemplates } from './templates.js';

/** A template given by the app, seen without its per-name data type (the draft carries the matching data). */
type AnyTemplate = (data: MailDraft['data']) => MailContent | Promise<MailContent>;

/**
 * Renders a draft with the app's template for its name, or the default one. Synchronous unless
 * the app's template is async, so that a default mail goes out within the caller's tick. Throws
 * (or rejects) a `TypeError` when an app template returns something that is not a mail.
 *
 * @example
 * const message = await renderMail(otpMail({ appName, to, purpose: 'login', code, ttlMinutes: 5 }), templates);
 */
export function renderMail(draft: MailDraft, templates: MailTemplates | undefined): MailMessage | Promise<MailMessage> {
  const custom = templates?.[draft.template] as AnyTemplate | undefined;
  // A copy: a template that mutates its data changes nothing for the next one.
  const data = { ...draft.data };
  if (!custom) return toMessage(draft.data.to, (defaultMailTemplates[draft.template] as AnyTemplate)(data) as MailContent);
  const content = custom(data);
  return isPromiseLike(content)
    ? Promise.resolve(content).then((c) => toMessage(draft.data.to, checked(draft.template, c)))
    : toMessage(draft.data.to, checked(draft.template, content));
}

/**
 * The subject the default template gives a draft: what `mail.failed` names when the app's
 * template itself failed.
 *
 * @example
 * defaultSubject(otpMail({ appName: 'Acme', to, purpose: 'login', code, ttlMinutes: 5 })) // 'Your sign-in code - Acme'
 */
export function defaultSubject(draft: MailDraft): string {
  return oneLine((defaultMailTemplates[draft.template] as AnyTemplate)({ ...draft.data }) as MailContent).subject;
}

// --- internal ---

function toMessage(to: string, content: MailContent): MailMessage {
  return { to, ...oneLine(content) };
}

/** A line break in a subject could start a new mail header. */
function oneLine(content: MailContent): MailContent {
  return { subject: content.subject.replace(/[\r\n]+/g, ' ').trim(), text: content.text, html: content.html };
}

function checked(name: MailTemplateName, content: unknown): MailContent {
  const c = content as Partial<Record<keyof MailContent, unknown>> | null;
  const ok =
    typeof c === 'object' && c !== null && typeof c.subject === 'string' && c.subject.trim() !== '' && typeof c.text === 'string' && c.text !== '' && typeof c.html === 'string' && c.html !== '';
  if (!ok) throw new TypeError(`The mail template "${name}" must return { subject, text, html }, each a non-empty string`);
  return { subject: c.subject as string, text: c.text as string, html: c.html as string };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
