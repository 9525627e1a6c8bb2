import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVault, localDiskUploader, manualClock, memoryStorage, outboxMailer, type OutboxMailer, type Storage, type Uploader, type Vault, type VaultOptions } from '@vaultkit/core';
import { afterEach } from 'vitest';
import { parseSetCookies, type SetCookie } from './cookies.js';
import { expectDeclaredAnswer } from './declared-answers.js';

/** A parsed JSON answer, read freely by the tests (their assertions check the shapes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A listening server built by the adapter under test for a vault the suite created. */
export interface ConformanceServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Builds a real listening server (port 0) for `vault`. It must mount every route of
 * `vault.http` under `vault.http.prefix` and two app routes of its own:
 * `GET /app/me` protected by the adapter's `requireAuth`, answering `{ user: <the caller> }`, and
 * `GET /app/admin` protected by `requireRole('admin')`, answering any 2xx.
 */
export type MakeServer = (vault: Vault) => Promise<ConformanceServer>;

/**
 * What the suite's vaults run on, so that a storage (or mailer) author gets the whole black-box
 * suite over their own adapter. Each test builds a fresh vault on a fresh storage; `makeServer`
 * receives that vault and needs no change.
 */
export interface HttpConformanceOptions {
  /**
   * Builds the storage of one test's vault: empty, schema already set up (as `make` of
   * `storageContract`). After the test the suite runs `cleanup`, then `storage.dispose()`.
   * @default () => memoryStorage()
   */
  storage?: () => Storage | Promise<Storage>;
  /**
   * Drops what a shared backend kept after one test, before `dispose`.
   * @default undefined
   */
  cleanup?: (storage: Storage) => Promise<void>;
  /**
   * Builds the mailer of one test's vault. The suite reads the codes it mails, so it must also
   * list what it sent, newest first: an `OutboxMailer` (`send`, `messages(to?)`, `clear()`),
   * for instance your mailer wrapped to record each message after it was delivered.
   * @default () => outboxMailer({ log: false })
   */
  mailer?: () => OutboxMailer | Promise<OutboxMailer>;
}

/** The shared server secret of the suites (32+ bytes; test-only). */
export const TEST_SECRET = 'vaultkit-conformance-secret-0123456789abcdef';

/** One answer, with the body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  /** The `Set-Cookie` headers, parsed. */
  cookies: SetCookie[];
}

export interface CallOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body (then set `content-type` in `headers` yourself). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  cookies?: Record<string, string>;
}

/** One vault behind one server, for one test. */
export interface Ctx {
  vault: Vault;
  mailer: OutboxMailer;
  /** Present when the vault was started with `{ manualClock: true }`. */
  clock: ReturnType<typeof manualClock> | undefined;
  url: string;
  prefix: string;
  /**
   * The folder of the test's local-disk uploader (created at the first upload, removed after the
   * test), so a test can see which files an upload left; unused when `vault.uploader` was given.
   */
  uploadDir: string;
  /** A request to `<prefix><path>`. */
  api(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** A request to an absolute path of the server (the app's own routes). */
  raw(method: string, path: string, options?: CallOptions): Promise<Answer>;
}

export interface StartOptions {
  /** Merged over the suite's defaults (`http` and `rateLimits` one level deep). */
  vault?: Partial<VaultOptions>;
  /** Drive the vault (and its storage) with a `manualClock` starting now. */
  manualClock?: boolean;
}

/**
 * The suite's vault options: memory storage and outbox mailer (unless `backends` gives others),
 * cheap bcrypt, a fixed secret, and the given uploader (else the embedded default).
 */
export function baseVaultOptions(
  start: StartOptions = {},
  backends: { storage?: Storage; mailer?: OutboxMailer; uploader?: Uploader } = {},
): { options: VaultOptions; mailer: OutboxMailer; clock: Ctx['clock'] } {
  const clock = start.manualClock ? manualClock(Date.now()) : undefined;
  const mailer = backends.mailer ?? outboxMailer({ log: false });
  const extra = start.vault ?? {};
  const options: VaultOptions = {
    storage: backends.storage ?? memoryStorage(),
    mailer,
    ...(backends.uploader ? { uploader: backends.uploader } : {}),
    ...(clock ? { clock } : {}),
    ...extra,
    tokens: { secret: TEST_SECRET, ...extra.tokens },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true, ...extra.passwords },
    // Several sign-ups per test from one address; the rate-limit tests set their own budgets.
    rateLimits: { scale: 20, ...extra.rateLimits },
    http: { ...extra.http },
  };
  return { options, mailer, clock };
}

/**
 * Registers `afterEach` cleanup in the calling `describe` and returns `start()`, which builds a
 * fresh vault and server for one test.
 */
export function useServers(makeServer: MakeServer, backends: HttpConformanceOptions = {}): (start?: StartOptions) => Promise<Ctx> {
  const open: (() => Promise<void>)[] = [];
  afterEach(async () => {
    // Newest first: each server and vault closes before the storage it ran on.
    for (const close of open.splice(0).reverse()) await close();
  });
  return async (start = {}) => {
    const storage = await backends.storage?.();
    // A folder of its own per test (made by the uploader when first needed): what an upload left is visible, and removed after.
    const uploadDir = join(tmpdir(), `vaultkit-conformance-${randomUUID()}`);
    open.push(() => rm(uploadDir, { recursive: true, force: true }));
    const uploader = localDiskUploader({ directory: uploadDir, baseUrl: '/uploads' });
    const { options, mailer, clock } = baseVaultOptions(start, { storage, mailer: await backends.mailer?.(), uploader });
    if (storage) {
      // Registered first, so a failing `createVault` or `makeServer` still releases the storage.
      open.push(async () => {
        try {
          await backends.cleanup?.(storage);
        } finally {
          await storage.dispose?.();
        }
      });
    }
    const vault = createVault(options);
    const server = await makeServer(vault);
    open.push(async () => {
      await server.close();
      await vault.close();
    });
    const url = server.url.replace(/\/+$/, '');
    const raw = (method: string, path: string, call: CallOptions = {}) => request(`${url}${path}`, method, call);
    const api = async (method: string, path: string, call?: CallOptions) => {
      const answer = await raw(method, `${vault.http.prefix}${path}`, call);
      expectDeclaredAnswer(vault, { method, path }, answer);
      return answer;
    };
    return { vault, mailer, clock, url, prefix: vault.http.prefix, uploadDir, raw, api };
  };
}

/**
 * The `(METHOD path)` pairs the vault serves, read once from a throw-away vault so that tests
 * of routes this vault does not have are skipped (with the route in their name).
 */
export function routeSet(): Set<string> {
  const probe = createVault(baseVaultOptions().options);
  const set = new Set(probe.http.routes.map((r) => `${r.method} ${r.path}`));
  void probe.close();
  return set;
}

// --- internal ---

async function request(url: string, method: string, call: CallOptions): Promise<Answer> {
  const headers: Record<string, string> = { ...call.headers };
  let body: string | Uint8Array | undefined = call.body;
  if (call.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(call.json);
  }
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.cookies) headers.cookie = Object.entries(call.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: kept as text so the assertion shows it.
  }
  return { status: res.status, headers: res.headers, body: parsed, cookies: parseSetCookies(res.headers.getSetCookie()) };
}
