/*
 * Example servers: reads the environment once, into plain settings. Every problem is reported
 * together (like `createVault` does), and nothing here starts or imports anything.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The environment as `process.env` gives it. */
export type Env = Record<string, string | undefined>;

/** What the example servers take from the environment (DESIGN §7a). */
export interface ExampleSettings {
  /** `PORT`; 0 picks a free port. @default 3000 */
  port: number;
  /** `HOST`; absent listens on every interface, as Node does. */
  host: string | undefined;
  /** `NODE_ENV` as given (`undefined` when unset). */
  nodeEnv: string | undefined;
  /** `NODE_ENV === "production"`. */
  production: boolean;
  /** `JWT_SECRET`, or a random one for this run (outside production only). */
  jwtSecret: string;
  /** `true` when `jwtSecret` was generated because `JWT_SECRET` is absent. */
  jwtSecretGenerated: boolean;
  /** `ADMIN_EMAIL` + `ADMIN_PASSWORD`, when both are set. */
  admin: { email: string; password: string } | null;
  /** `RATE_LIMIT_SCALE`. @default 1 */
  rateLimitScale: number;
  /**
   * `BCRYPT_COST` (10 to 16; 4 to 9 only with `NODE_ENV=test`, for tests that hash a lot).
   * `undefined`: the core's default (11).
   */
  bcryptCost: number | undefined;
  /** `TRUSTED_ORIGINS` (comma list, normalised to origins) plus the server's own origin. */
  trustedOrigins: string[];
  /**
   * `TRUST_PROXY`: which peers may set `X-Forwarded-For`/`-Proto`/`-Host`. `false` (unset, `false`
   * or `0`): none; a number: that many proxies in front; `true`: every hop; a list: the proxies'
   * addresses or CIDR ranges. @default false
   */
  trustProxy: TrustProxy;
  /** `HEADERS_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS`, `CONNECTION_TIMEOUT_MS`, `KEEP_ALIVE_TIMEOUT_MS`. */
  timeouts: HttpTimeouts;
  /** `UPLOAD_DIR` (absolute): the local-disk uploader's folder, served under `/uploads/`. @default `<os temp>/vaultkit-uploads` */
  uploadDir: string;
  /** Things worth a warning at start (never secrets). */
  warnings: string[];
}

/** `TRUST_PROXY`, parsed: see `ExampleSettings.trustProxy`. */
export type TrustProxy = boolean | number | readonly string[];

/** The HTTP server's timeouts, in milliseconds (the same on both example servers). */
export interface HttpTimeouts {
  /** The request headers must have arrived within this (408 otherwise). */
  headersMs: number;
  /** The whole request, headers and body, must have arrived within this (408 otherwise). */
  requestMs: number;
  /** A connection with no traffic at all for this long is closed. */
  connectionMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
}

/**
 * The documented defaults. A body trickled in byte by byte is cut after `requestMs` (Node's own
 * default is 5 minutes, Fastify's none). Raise `requestMs` for large uploads over slow links;
 * behind a load balancer, set `keepAliveMs` above its idle timeout (e.g. 65 000 for AWS ALB's 60 s).
 */
export const DEFAULT_TIMEOUTS: Readonly<HttpTimeouts> = {
  headersMs: 10_000,
  requestMs: 60_000,
  connectionMs: 30_000,
  keepAliveMs: 5_000,
};

const DEFAULT_PORT = 3000;
/** The largest delay Node's timers accept. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Reads the settings from `env`. Throws one `Error` listing every invalid variable; refuses to
 * run in production without `JWT_SECRET` (a random secret would sign everyone out at each
 * restart and differ between instances).
 *
 * @example
 * const settings = loadSettings(process.env);
 */
export function loadSettings(env: Env): ExampleSettings {
  const problems: string[] = [];
  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';

  const port = parsePort(env.PORT, problems);
  const rateLimitScale = parseScale(env.RATE_LIMIT_SCALE, problems);
  const bcryptCost = parseBcryptCost(env.BCRYPT_COST, env.NODE_ENV === 'test', problems);
  const extraOrigins = parseOrigins(env.TRUSTED_ORIGINS, problems);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const timeouts = parseTimeouts(env, problems);
  const uploadDir = resolve(env.UPLOAD_DIR?.trim() || join(tmpdir(), 'vaultkit-uploads'));
  // Every hop trusted: the left-most X-Forwarded-For entry wins, and a client writes that one.
  if (trustProxy === true) warnings.push('TRUST_PROXY=true trusts every X-Forwarded-For entry, so clients can pick their own address: prefer the number of proxies (e.g. 1) or their addresses.');

  let jwtSecret = env.JWT_SECRET ?? '';
  const jwtSecretGenerated = jwtSecret === '';
  if (jwtSecretGenerated) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production (32 bytes or more)');
    else {
      jwtSecret = randomBytes(32).toString('base64url');
      warnings.push('JWT_SECRET is not set: using a random secret for this run (everyone is signed out at restart).');
    }
  }

  const admin = parseAdmin(env, warnings);
  if (problems.length > 0) throw new Error(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  // The server trusts its own origin (cookie-authenticated requests from the demo page) plus
  // TRUSTED_ORIGINS; with PORT=0 the real port is unknown here, and the core also trusts the
  // origin the request itself was addressed to.
  const own = port === 0 ? [] : [`http://localhost:${port}`];
  const trustedOrigins = [...new Set([...own, ...extraOrigins])];
  const host = env.HOST?.trim() || undefined;
  return { port, host, nodeEnv: env.NODE_ENV, production, jwtSecret, jwtSecretGenerated, admin, rateLimitScale, bcryptCost, trustedOrigins, trustProxy, timeouts, uploadDir, warnings };
}

// --- internal ---

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push('PORT must be an integer from 0 to 65535');
    return DEFAULT_PORT;
  }
  return port;
}

function parseScale(value: string | undefined, problems: string[]): number {
  if (value === undefined || value.trim() === '') return 1;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    problems.push('RATE_LIMIT_SCALE must be a number greater than 0');
    return 1;
  }
  return scale;
}

/** bcrypt below 10 is too weak for real passwords (DESIGN §6): only a test run may ask for it. */
function parseBcryptCost(value: string | undefined, testRun: boolean, problems: string[]): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const cost = Number(text);
  const lowest = testRun ? 4 : 10;
  if (/^\d+$/.test(text) && cost >= lowest && cost <= 16) return cost;
  problems.push('BCRYPT_COST must be a whole number from 10 to 16 (from 4 with NODE_ENV=test)');
  return undefined;
}

function parseOrigins(value: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const item of (value ?? '').split(',')) {
    const text = item.trim();
    if (text === '') continue;
    const origin = toOrigin(text);
    if (origin) origins.push(origin);
    else problems.push(`TRUSTED_ORIGINS: "${text}" is not an http(s) origin such as https://app.example.com`);
  }
  return origins;
}

function toOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** `1`, `true`/`false`, or a comma list of IP addresses and CIDR ranges. */
function parseTrustProxy(value: string | undefined, problems: string[]): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const invalid = entries.filter((entry) => !isAddressOrRange(entry));
  if (invalid.length === 0 && entries.length > 0) return entries;
  problems.push(`TRUST_PROXY: "${invalid[0] ?? text}" is not a number of proxies, true/false, or an IP address or CIDR range (e.g. 1, or 10.0.0.0/8,192.0.2.7)`);
  return false;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const TIMEOUT_VARIABLES: [variable: string, key: keyof HttpTimeouts][] = [
  ['HEADERS_TIMEOUT_MS', 'headersMs'],
  ['REQUEST_TIMEOUT_MS', 'requestMs'],
  ['CONNECTION_TIMEOUT_MS', 'connectionMs'],
  ['KEEP_ALIVE_TIMEOUT_MS', 'keepAliveMs'],
];

function parseTimeouts(env: Env, problems: string[]): HttpTimeouts {
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const [variable, key] of TIMEOUT_VARIABLES) {
    const text = env[variable]?.trim();
    if (!text) continue;
    const ms = Number(text);
    if (/^\d+$/.test(text) && ms >= 1 && ms <= MAX_TIMEOUT_MS) timeouts[key] = ms;
    else problems.push(`${variable} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  // The headers are part of the request (Node refuses the opposite): a short REQUEST_TIMEOUT_MS
  // alone shortens the default header timeout with it; two explicit values that clash are an error.
  if (timeouts.headersMs > timeouts.requestMs) {
    if (env.HEADERS_TIMEOUT_MS?.trim()) problems.push('HEADERS_TIMEOUT_MS must not be greater than REQUEST_TIMEOUT_MS');
    else timeouts.headersMs = timeouts.requestMs;
  }
  return timeouts;
}

function parseAdmin(env: Env, warnings: string[]): ExampleSettings['admin'] {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (email && password) return { email, password };
  if (email || password) warnings.push('ADMIN_EMAIL and ADMIN_PASSWORD must both be set to create an admin; none was created.');
  return null;
}
