import { inspect } from 'node:util';
import type { Mailer, MailMessage } from '@vaultkit/core';
import { describe, expect, it } from 'vitest';
import { normalizeBody, useMailerEnv, type MailerContractOptions, type MakeMailer } from './setup.js';

export type { MailerContractOptions, MakeMailer, ReceivedMail } from './setup.js';

/**
 * The mailer contract: what vaultkit expects of a `Mailer`, as a vitest suite. Call it at the
 * top level of a test file. `make` runs before every test (the suite calls `dispose` after);
 * `receive` reads what arrived (a test SMTP server's inbox, or what the mailer kept). It checks
 * the recipient, the subject and both bodies (unicode, lines starting with a dot, long lines),
 * concurrent sends, `ping`, and with `makeUnreachable` that failures are `DependencyError`s
 * without credentials in them.
 *
 * @example
 * import { outboxMailer } from '@vaultkit/core';
 * import { mailerContract } from '@vaultkit/testkit';
 *
 * mailerContract('outbox', () => outboxMailer({ log: false }), { receive: (mailer) => mailer.messages() });
 */
export function mailerContract<M extends Mailer>(name: string, make: MakeMailer<M>, options: MailerContractOptions<M>): void {
  describe(`mailer contract: ${name}`, () => {
    const env = useMailerEnv(make, options);
    const secrets = options.secrets ?? [];
    const mail = (to: string, patch: Partial<MailMessage> = {}): MailMessage => ({
      to,
      subject: `Verify your email address - ${to.split('@')[0]}`,
      text: 'Use this code to verify your email address:\n\n042917\n\n- Acme',
      html: '<!doctype html>\n<html><body><p>Use this code:</p>\n<p style="font-size:28px"><b>042917</b></p></body></html>',
      ...patch,
    });
    const expectSame = (got: { subject: string; text: string; html: string }, sent: MailMessage) => {
      expect({ subject: got.subject, text: normalizeBody(got.text), html: normalizeBody(got.html) }).toEqual({
        subject: sent.subject,
        text: normalizeBody(sent.text),
        html: normalizeBody(sent.html),
      });
    };

    it('mailer.send - resolves once accepted, and the message reaches its one recipient', async () => {
      const to = env.address();
      await expect(env.mailer.send(mail(to))).resolves.toBeUndefined();
      const got = await env.arrived(to);
      expect(got).toHaveLength(1);
      expect(got[0]!.to.toLowerCase()).toBe(to.toLowerCase());
    });

    it('mailer.send - delivers the subject, the text body and the HTML body unchanged', async () => {
      const sent = mail(env.address());
      await env.mailer.send(sent);
      expectSame((await env.arrived(sent.to))[0]!, sent);
    });

    it('mailer.send - keeps unicode in the subject and in both bodies', async () => {
      const sent = mail(env.address(), {
        subject: 'Vérifiez votre adresse – Ünïcødé 你好 🔐 Ελληνικά',
        text: 'Bonjour Zoë, voici votre code : 042917\nこんにちは 👋 — привет\n',
        html: '<p>Bonjour Zoë, voici votre code : <b>042917</b></p><p>こんにちは 👋 — привет</p>',
      });
      await env.mailer.send(sent);
      expectSame((await env.arrived(sent.to))[0]!, sent);
    });

    it('mailer.send - keeps lines that start with a dot, blank lines and long lines', async () => {
      const long = `${'0123456789 '.repeat(120)}end`;
      const sent = mail(env.address(), {
        text: `first\n.\n.leading dot\n..two dots\n\n\nafter blank lines\n${long}\nlast`,
        html: `<p>first</p>\n.\n<p>${long}</p>\n.<p>dot</p>`,
      });
      await env.mailer.send(sent);
      expectSame((await env.arrived(sent.to))[0]!, sent);
    });

    it('mailer.send - concurrent sends all arrive, each with its own recipient and body', async () => {
      const sent = Array.from({ length: 10 }, (_, i) =>
        mail(env.address(`c${i}`), { subject: `Code ${i}`, text: `code ${String(i).padStart(6, '0')}`, html: `<p>code ${i}</p>` }),
      );
      await Promise.all(sent.map((m) => env.mailer.send(m)));
      for (const m of sent) {
        const got = await env.arrived(m.to);
        expect(got).toHaveLength(1);
        expectSame(got[0]!, m);
      }
    });

    it('mailer.send - a line break in the subject never reaches another address', async () => {
      const to = env.address();
      const victim = env.address('victim');
      const sent = await env.mailer.send(mail(to, { subject: `Hello\r\nBcc: ${victim}\r\nX-Injected: yes` })).then(
        () => true,
        () => false,
      );
      if (sent) await env.arrived(to);
      expect(await env.inbox(victim)).toEqual([]);
    });

    it('mailer.ping - resolves while the transport is up (a mailer without ping passes)', async () => {
      await expect(Promise.resolve(env.mailer.ping?.())).resolves.toBeUndefined();
    });

    it('mailer.dispose - resolves, and a second call is harmless', async () => {
      await env.mailer.dispose?.();
      await env.mailer.dispose?.();
    });

    const unreachable = options.makeUnreachable;
    const skip = unreachable === undefined;
    const suffix = skip ? ' [skipped: needs options.makeUnreachable]' : '';
    const checkFailure = (error: unknown) => {
      expect(error).toMatchObject({ name: 'DependencyError', code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
      const seen = `${(error as Error).message}\n${inspect(error, { depth: 10 })}`;
      for (const secret of secrets) expect(seen).not.toContain(secret);
    };

    it.skipIf(skip)(`mailer.send - an unreachable server rejects with a DependencyError (503) without credentials${suffix}`, async () => {
      const down = await unreachable!();
      try {
        checkFailure(await down.send(mail(env.address())).then(() => new Error('send resolved'), (e: unknown) => e));
      } finally {
        await down.dispose?.();
      }
    });

    it.skipIf(skip)(`mailer.ping - an unreachable server rejects with a DependencyError (503) without credentials${suffix}`, async () => {
      const down = await unreachable!();
      try {
        if (!down.ping) return;
        checkFailure(await down.ping().then(() => new Error('ping resolved'), (e: unknown) => e));
      } finally {
        await down.dispose?.();
      }
    });
  });
}
