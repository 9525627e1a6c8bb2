import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '@vaultkit/core';
import { logIn, PASSWORD, signInAdmin, signUp, type Session } from './flows.js';
import { routeSet, useServers, type Ctx, type MakeServer } from './harness.js';
import { FUZZ_EMAIL, hostileRequest, type HostileRequest } from './fuzz-arbitraries.js';

export interface HttpFuzzOptions {
  /** Runs per route. @default 60 */
  runs?: number;
  /** fast-check seed, to replay a failure. */
  seed?: number;
}

/**
 * Property-based robustness suite: for every route of the vault, fast-check sends random and
 * hostile requests (random JSON, deep nesting, huge strings, `__proto__`, wrong types, non-JSON
 * bytes, wrong content types, odd query strings, path parameters, headers, cookies and tokens)
 * and checks that the answer is never a 5xx, is always the JSON envelope, and that nothing was
 * stored by a refused request (no account for an address of a refused run, no prototype
 * pollution, no role change). `makeServer` is the same as for `httpConformance`.
 *
 * @example
 * httpFuzz('express', makeServer, { runs: 60 });
 */
export function httpFuzz(name: string, makeServer: MakeServer, options: HttpFuzzOptions = {}): void {
  describe(`http fuzz: ${name}`, () => {
    const start = useServers(makeServer);
    const routes = [...routeSet()].map((entry) => entry.split(' ') as [RouteDefinition['method'], string]);
    for (const [method, path] of routes) {
      it(`${method} ${path} - hostile input: never 5xx, always the envelope, nothing stored`, async () => {
        const ctx = await start({ vault: { rateLimits: { scale: 1000 } } });
        const ids = await identities(ctx);
        const accepted = new Set<string>();
        const paramCount = path.split('/').filter((s) => s.startsWith(':')).length;
        const property = fc.asyncProperty(hostileRequest(paramCount), async (hostile) => {
          await ids.ensureLive();
          const before = (await ctx.vault.storage.users.list({ page: 1, limit: 1 })).total;
          const answer = await send(ctx, { method, path, hostile, ids });
          expect(answer.status, answer.text).toBeLessThan(500);
          expect(answer.contentType).toMatch(/^application\/json/);
          const envelope = JSON.parse(answer.text) as { status?: unknown; code?: unknown; message?: unknown };
          expect(['success', 'error'], `${answer.status} ${answer.text.slice(0, 400)}`).toContain(envelope.status);
          expect(envelope.status === 'success').toBe(answer.status < 400);
          if (envelope.status === 'error') expect([typeof envelope.code, typeof envelope.message]).toEqual(['string', 'string']);
          // Nothing stored by a refused request.
          const emails = bodyText(hostile.body).match(FUZZ_EMAIL) ?? [];
          if (answer.status >= 300) {
            expect((await ctx.vault.storage.users.list({ page: 1, limit: 1 })).total).toBeLessThanOrEqual(before);
            for (const email of emails) if (!accepted.has(email.toLowerCase())) expect(await ctx.vault.storage.users.findByEmail(email)).toBeNull();
          } else for (const email of emails) accepted.add(email.toLowerCase());
          expect(Object.keys(Object.prototype)).toEqual([]);
          expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
          const user = await ctx.vault.storage.users.findById(ids.user.userId);
          if (user) expect(user.role).toBe('user');
        });
        await fc.assert(property, { numRuns: options.runs ?? 60, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
      }, 120_000);
    }
  });
}

// --- internal ---

interface Identities {
  user: Session;
  admin: Session;
  /** Signs the user (and admin) in again when a run logged them out, so later runs go deeper. */
  ensureLive(): Promise<void>;
}

async function identities(ctx: Ctx): Promise<Identities> {
  const ids = { user: await signUp(ctx), admin: await signInAdmin(ctx) } as Identities;
  ids.ensureLive = async () => {
    for (const key of ['user', 'admin'] as const) {
      const live = await ctx.vault.tokens.verifyAccess(ids[key].accessToken);
      if (live.ok) continue;
      const record = await ctx.vault.storage.users.findByEmail(ids[key].email);
      if (record && !record.banned) ids[key] = await logIn(ctx, ids[key].email, PASSWORD).catch(() => ids[key]);
    }
  };
  return ids;
}

function bodyText(body: HostileRequest['body']): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
}

async function send(ctx: Ctx, input: { method: string; path: string; hostile: HostileRequest; ids: Identities }) {
  const { hostile, ids } = input;
  let i = 0;
  const path = input.path.replace(/:[A-Za-z]+/g, () => hostile.params[i++] ?? 'x');
  const headers: Record<string, string> = { ...hostile.headers };
  if (hostile.contentType !== undefined) headers['content-type'] = hostile.contentType;
  const cookies = hostile.cookie ? [hostile.cookie] : [];
  if (hostile.auth === 'user') headers.authorization = `Bearer ${ids.user.accessToken}`;
  if (hostile.auth === 'admin') headers.authorization = `Bearer ${ids.admin.accessToken}`;
  if (hostile.auth === 'user-cookie') cookies.push(`vk_at=${ids.user.accessToken}`);
  if (hostile.auth === 'garbage') headers.authorization = 'Bearer e30.e30.';
  if (hostile.auth === 'refresh-as-access') headers.authorization = `Bearer ${ids.user.refreshToken}`;
  if (hostile.auth === 'other-scheme') headers.authorization = 'Basic Zm9vOmJhcg==';
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  const url = new URL(ctx.url);
  return rawRequest({ host: url.hostname, port: Number(url.port), method: input.method, path: `${ctx.prefix}${path}${hostile.query ? `?${hostile.query}` : ''}`, headers, body: hostile.body });
}

/** `node:http` rather than `fetch`: a GET may carry a body, and nothing is added or refused. */
function rawRequest(input: { host: string; port: number; method: string; path: string; headers: Record<string, string>; body: string | Uint8Array | undefined }) {
  return new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
    const body = input.body === undefined ? undefined : Buffer.from(input.body);
    const headers = body ? { ...input.headers, 'content-length': String(body.length) } : input.headers;
    // A fresh connection per request (`agent: false`): a hostile request may leave its connection
    // unusable (an unread body), and a pooled keep-alive socket would fail the *next* request.
    const req = httpRequest({ host: input.host, port: input.port, method: input.method, path: input.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
