import { Readable } from 'node:stream';
import { afterEach, vi } from 'vitest';
import { createVault, manualClock, outboxMailer, type Caller, type VaultOptions, type VaultResponse } from '../../src/index.js';

export const SECRET = 'test-secret-that-is-at-least-32-bytes-long!!';

/** A vault on the embedded defaults with a manual clock, fast bcrypt and an outbox to read codes from. */
export function makeVault(overrides: Partial<VaultOptions> = {}) {
  const start = Date.UTC(2026, 10, 1);
  const clock = manualClock(start);
  // rate-limiter-flexible reads Date.now(): fake only Date so that both clocks move together.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
  const mailer = outboxMailer();
  const vault = createVault({
    clock,
    mailer,
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    rateLimits: { scale: 100 },
    ...overrides,
  });
  /** The 6-digit code of the newest mail to `to`. */
  const lastCode = (to: string): string => {
    const mail = mailer.messages(to)[0];
    const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code mailed to ${to}`);
    return code;
  };
  /** Moves the vault clock and Date (the rate limiters' clock) together. */
  const advance = (ms: number) => {
    clock.advance(ms);
    vi.setSystemTime(clock.now());
  };
  return { vault, clock, mailer, lastCode, advance };
}

afterEach(() => {
  vi.useRealTimers();
});

export type TestVault = ReturnType<typeof makeVault>;

/** Test-side view of a JSON body (loosely typed on purpose). */
type Json = any;

export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  ip?: string;
  query?: Record<string, string>;
}

/** Runs one route (`'POST /auth/login'`) through the neutral HTTP layer, as an adapter would. */
export async function call(t: TestVault, request: string, options: CallOptions = {}): Promise<VaultResponse & { json: Json }> {
  const [method, path] = request.split(' ') as [string, string];
  const route = t.vault.routes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/:[a-z]+/gi, '[^/]+')}$`).test(path));
  if (!route) throw new Error(`no route ${method} ${path}`);
  const names = [...route.path.matchAll(/:([a-z]+)/gi)].map((m) => m[1]!);
  const values = new RegExp(`^${route.path.replace(/:[a-z]+/gi, '([^/]+)')}$`).exec(path)!.slice(1);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: Readable | null = null;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = Readable.from([Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body))]);
  }
  const response = await t.vault.http.handle(route, {
    method,
    params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i]!)])),
    query: options.query ?? {},
    headers,
    body,
    remoteAddress: options.ip ?? '203.0.113.7',
    encrypted: false,
  });
  return Object.assign(response, { json: response.body as Json });
}

/** The caller a verified access token stands for (what `requireAuth` sets as `req.user`). */
export async function callerOf(t: TestVault, accessToken: string): Promise<Caller> {
  const verified = await t.vault.tokens.verifyAccess(accessToken);
  if (!verified.ok) throw new Error(`the access token is not valid (${verified.reason})`);
  return { id: verified.claims.sub, role: verified.claims.role, sessionId: verified.claims.sid };
}

/** Logs in (the account has no email step) and returns the session like `signUp`. */
export async function logIn(t: TestVault, identifier: string, options: { password?: string; client?: { ip?: string; userAgent?: string } } = {}) {
  const result = await t.vault.auth.login({ identifier, password: options.password ?? 'correct horse battery' }, { client: options.client });
  if (!('accessToken' in result)) throw new Error('expected a session, got a challenge');
  return { user: result.user, tokens: result, caller: await callerOf(t, result.accessToken) };
}

/** Registers, verifies and returns a signed-in user: its public view, tokens and caller. */
export async function signUp(t: TestVault, email = 'ada@example.com', password = 'correct horse battery') {
  await t.vault.auth.register({ email, password });
  const session = await t.vault.auth.verifyEmail({ email, code: t.lastCode(email) });
  return { user: session.user, tokens: session, caller: await callerOf(t, session.accessToken), email, password };
}

/** A signed-up user with `name` as username (channels are found by username). */
export async function member(t: TestVault, name: string) {
  const user = await signUp(t, `${name}@example.com`);
  await t.vault.users.update({ username: name }, { caller: user.caller });
  return user;
}
