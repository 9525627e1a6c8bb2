/*
 * Example servers: reads the environment once, into plain settings. Every problem is reported
 * together (like `createVault` does), and nothing here starts or imports anything.
 */
import { randomBytes } from 'node:crypto';

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
  /** `TRUSTED_ORIGINS` (comma list, normalised to origins) plus the server's own origin. */
  trustedOrigins: string[];
  /** Things worth a warning at start (never secrets). */
  warnings: string[];
}

const DEFAULT_PORT = 3000;

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
  const extraOrigins = parseOrigins(env.TRUSTED_ORIGINS, problems);

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
  return { port, host, nodeEnv: env.NODE_ENV, production, jwtSecret, jwtSecretGenerated, admin, rateLimitScale, trustedOrigins, warnings };
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

function parseAdmin(env: Env, warnings: string[]): ExampleSettings['admin'] {
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD;
  if (email && password) return { email, password };
  if (email || password) warnings.push('ADMIN_EMAIL and ADMIN_PASSWORD must both be set to create an admin; none was created.');
  return null;
}
