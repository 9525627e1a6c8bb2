import { describe, expect } from 'vitest';
import { expectError, latestCode, PASSWORD, signInAdmin, signUp, uniqueEmail } from '../flows.js';
import type { Answer, Ctx } from '../harness.js';
import type { SuiteTools } from '../suite.js';

const WRONG_CODE = '000000';

/** `status:code` of every answer, for comparing whole sequences. */
const outline = (answers: Answer[]): string[] => answers.map((a) => `${a.status}:${a.body?.code ?? a.body?.status}`);

/** Five wrong codes and one more, one after the other. */
async function guessSix(ctx: Ctx, path: string, email: string): Promise<string[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 6; i += 1) answers.push(await ctx.api('POST', path, { json: { email, code: WRONG_CODE } }));
  return outline(answers);
}

/**
 * What a hostile run found (issue 9): parallel guesses around the account lock, OTP answers
 * that told registered addresses from unknown ones, fake roles through `Object.prototype`, an
 * admin deleting their own account with a token alone, and a malformed Bearer header that the
 * CSRF check and the token reader read differently.
 */
export function hostileSuite({ start, route }: SuiteTools): void {
  describe('hostile clients', () => {
    route('POST /auth/register', 'POST /auth/login')('POST /auth/login - 40 parallel attempts on one account: at most 10 passwords are checked', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const attempts = Array.from({ length: 40 }, (_, i) => ({ identifier: s.email, password: i === 39 ? PASSWORD : `wrong password ${i}` }));
      const answers = await Promise.all(attempts.map((json) => ctx.api('POST', '/auth/login', { json })));
      const checked = answers.filter((a) => a.status === 401 || a.status === 200);
      const locked = answers.filter((a) => a.status === 429);
      expect(checked.length).toBeLessThanOrEqual(10);
      expect(locked.length).toBeGreaterThanOrEqual(30);
      for (const answer of locked) expectError(answer, 429, 'ACCOUNT_LOCKED');
      if (answers[39]!.status === 429) {
        // The right password did not get a check: the lock holds for it afterwards too.
        expectError(await ctx.api('POST', '/auth/login', { json: attempts[39] }), 429, 'ACCOUNT_LOCKED');
      }
    });

    route('POST /auth/register', 'POST /auth/resend-otp', 'POST /auth/forgot-password/verify')(
      'reset codes - resend-otp then wrong codes: a registered and an unknown address answer the same sequence',
      async () => {
        const ctx = await start();
        const known = await signUp(ctx);
        const unknown = uniqueEmail('ghost');
        const sequences: string[][] = [];
        for (const email of [known.email, unknown]) {
          expect((await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'reset-password', email } })).status).toBe(200);
          sequences.push(await guessSix(ctx, '/auth/forgot-password/verify', email));
        }
        expect(sequences[0]).toEqual(['400:INVALID_CODE', '400:INVALID_CODE', '400:INVALID_CODE', '400:INVALID_CODE', '429:TOO_MANY_ATTEMPTS', '429:TOO_MANY_ATTEMPTS']);
        expect(sequences[1]).toEqual(sequences[0]);
      },
    );

    route('POST /auth/register', 'POST /auth/verify-email', 'POST /auth/resend-otp')(
      'verification codes - a verified, a pending, a re-registered and an unknown address answer the same sequence',
      async () => {
        const ctx = await start();
        const verified = await signUp(ctx);
        const pending = uniqueEmail('pending');
        await ctx.api('POST', '/auth/register', { json: { email: pending, password: PASSWORD } });
        await latestCode(ctx, pending);
        const reRegistered = await signUp(ctx);
        await ctx.api('POST', '/auth/register', { json: { email: reRegistered.email, password: PASSWORD } });
        const resent = await signUp(ctx);
        await ctx.api('POST', '/auth/resend-otp', { json: { purpose: 'verify-email', email: resent.email } });
        const sequences = [];
        for (const email of [verified.email, pending, reRegistered.email, resent.email, uniqueEmail('ghost')]) {
          sequences.push(await guessSix(ctx, '/auth/verify-email', email));
        }
        for (const sequence of sequences) expect(sequence).toEqual(sequences[1]);
        expect(sequences[1]).toContain('429:TOO_MANY_ATTEMPTS');
      },
    );

    route('PATCH /admin/users/:id')('PATCH /admin/users/:id - Object.prototype names are not roles: 400, nothing stored', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      const target = await signUp(ctx);
      for (const role of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const answer = await ctx.api('PATCH', `/admin/users/${target.userId}`, { token: admin.accessToken, json: { role } });
        expectError(answer, 400, 'VALIDATION_FAILED');
      }
      expect((await ctx.vault.storage.users.findById(target.userId))?.role).toBe('user');
      expect((await ctx.api('GET', '/users/me', { token: target.accessToken })).status).toBe(200);
    });

    route('DELETE /admin/users/:id')('DELETE /admin/users/:ownId - an admin cannot delete their own account with a token alone: 403', async () => {
      const ctx = await start();
      const admin = await signInAdmin(ctx);
      expectError(await ctx.api('DELETE', `/admin/users/${admin.userId}`, { token: admin.accessToken }), 403, 'FORBIDDEN');
      expect(await ctx.vault.storage.users.findById(admin.userId)).not.toBeNull();
    });

    route('POST /auth/register', 'GET /users/me', 'POST /auth/logout')(
      'a malformed Authorization: Bearer header beside a valid cookie is 401, never the cookie (CSRF and auth agree)',
      async () => {
        const ctx = await start();
        const s = await signUp(ctx);
        const cookies = Object.fromEntries(s.answer.cookies.map((c) => [c.name, c.value]));
        for (const authorization of ['Bearer a b', 'Bearer', 'bearer  x y z']) {
          const headers = { authorization, origin: 'https://evil.example' };
          expect((await ctx.api('GET', '/users/me', { headers, cookies })).status).toBe(401);
          expect((await ctx.api('POST', '/auth/logout', { headers, cookies })).status).toBe(401);
        }
        // The session is untouched: the cookie alone still works.
        expect((await ctx.api('GET', '/users/me', { cookies })).status).toBe(200);
      },
    );
  });
}
