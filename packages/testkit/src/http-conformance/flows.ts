import { expect } from 'vitest';
import type { Answer, Ctx } from './harness.js';

export type { Json } from './harness.js';

/** The password every suite account uses (long enough for any policy up to 15 code points). */
export const PASSWORD = 'correct horse battery staple';

let counter = 0;

/** A fresh address for one test. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${counter}-${process.pid}@conformance.test`;
}

/**
 * The newest 6-digit code mailed to `email`. Mail may leave in the background, so it waits a
 * little for it (polling the outbox, not a timed assertion).
 */
export async function latestCode(ctx: Ctx, email: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    for (const message of ctx.mailer.messages(email)) {
      // The code stands on a line of its own in the OTP mails (notices carry none).
      const match = /^\s*(\d{6})\s*$/m.exec(message.text);
      if (match) return match[1]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no code was mailed to ${email}`);
}

/** A verified, signed-in account: the session answer's `data` plus the raw answer. */
export interface Session {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  answer: Answer;
}

/** register → OTP from the outbox → verify-email, over HTTP. */
export async function signUp(ctx: Ctx, email = uniqueEmail()): Promise<Session> {
  const registered = await ctx.api('POST', '/auth/register', { json: { email, password: PASSWORD } });
  expect(registered.status).toBe(202);
  const code = await latestCode(ctx, email);
  const answer = await ctx.api('POST', '/auth/verify-email', { json: { email, code } });
  expect(answer.status).toBe(200);
  return toSession(email, answer);
}

/** login over HTTP (the account has no second factor). */
export async function logIn(ctx: Ctx, email: string, password = PASSWORD): Promise<Session> {
  const answer = await ctx.api('POST', '/auth/login', { json: { identifier: email, password } });
  expect(answer.status).toBe(200);
  return toSession(email, answer);
}

/** A verified admin (through `vault.admin.ensureAdmin`), signed in over HTTP. */
export async function signInAdmin(ctx: Ctx): Promise<Session> {
  const email = uniqueEmail('admin');
  await ctx.vault.admin.ensureAdmin({ email, password: PASSWORD });
  return logIn(ctx, email);
}

/** Reads a session answer. */
export function toSession(email: string, answer: Answer): Session {
  const data = answer.body?.data;
  return { email, userId: data?.user?.id, accessToken: data?.accessToken, refreshToken: data?.refreshToken, answer };
}

/** Asserts the error envelope: `{ status: 'error', code, message }`. */
export function expectError(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.body).toMatchObject({ status: 'error', code, message: expect.any(String) });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

/** Asserts the success envelope and returns its `data`. */
export function expectSuccess(answer: Answer, status = 200): unknown {
  expect({ status: answer.status, body: answer.body?.status }).toEqual({ status, body: 'success' });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  return answer.body.data;
}
