/*
 * Account flows over HTTP for the multi-instance tests (helper, not a test file itself): the
 * public API only, codes read from the server's dev outbox.
 */
import { randomBytes } from 'node:crypto';
import { send, type SentResponse } from '../server-suite.js';

export const PASSWORD = 'correct horse battery';
const API = '/api/v1';

/** A fresh address (`tag.<random>@example.com`). */
export function uniqueEmail(tag: string): string {
  return `${tag}.${randomBytes(5).toString('hex')}@example.com`;
}

/** `POST <url>/api/v1<path>` with a JSON body. */
export function post(url: string, path: string, json: unknown = {}): Promise<SentResponse> {
  return send(`${url}${API}${path}`, { method: 'POST', json });
}

/** `POST <url>/api/v1/auth/logout` with a bearer token. */
export function logOut(url: string, accessToken: string): Promise<SentResponse> {
  return send(`${url}${API}/auth/logout`, { method: 'POST', json: {}, headers: { authorization: `Bearer ${accessToken}` } });
}

/** `GET <url>/api/v1/users/me` with a bearer token. */
export function me(url: string, accessToken: string): Promise<SentResponse> {
  return send(`${url}${API}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } });
}

/**
 * The newest 6-digit code mailed to `email` whose subject matches `subject`, from the dev outbox
 * of the server at `url` (the mail queue sends in the background: polled, up to 5 s).
 */
export async function outboxCode(url: string, email: string, subject = /verify your email/i): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await send(`${url}/dev/outbox?to=${encodeURIComponent(email)}`);
    const mail = (res.body?.data ?? []).find((m: { subject: string }) => subject.test(m.subject));
    const code = mail ? /\b(\d{6})\b/.exec(mail.text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail matching ${subject} for ${email} in ${url}/dev/outbox`);
}

/** A session answer's tokens. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Registers on `url`, verifies with the mailed code: the verified account's first session. */
export async function signUp(url: string, email: string, password = PASSWORD): Promise<Tokens> {
  const registered = await post(url, '/auth/register', { email, password });
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}: ${registered.text}`);
  const verified = await post(url, '/auth/verify-email', { email, code: await outboxCode(url, email) });
  if (verified.status !== 200) throw new Error(`verify-email answered ${verified.status}: ${verified.text}`);
  return tokensOf(verified);
}

/** Logs in on `url`; throws unless the answer is a session. */
export async function logIn(url: string, email: string, password = PASSWORD): Promise<Tokens> {
  const res = await post(url, '/auth/login', { identifier: email, password });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${res.text}`);
  return tokensOf(res);
}

/** Calls `probe` every 100 ms until it returns `true`, for at most `ms`; throws after that. */
export async function eventually(what: string, probe: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

// --- internal ---

function tokensOf(res: SentResponse): Tokens {
  return { accessToken: res.body.data.accessToken, refreshToken: res.body.data.refreshToken };
}
