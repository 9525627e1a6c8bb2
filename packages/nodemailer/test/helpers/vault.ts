import { Readable } from 'node:stream';
import { createVault, type Mailer, type Vault, type VaultEventMap, type VaultOptions } from '@vaultkit/core';

export const SECRET = 'nodemailer-test-secret-of-at-least-32-bytes';
export const PASSWORD = 'correct horse battery';

/**
 * A vault on memory storage with the given mailer, fast bcrypt, and short retries so a test
 * sees `mail.failed` within milliseconds.
 */
export function mailVault(mailer: Mailer, overrides: Partial<VaultOptions> = {}) {
  const vault = createVault({
    mailer,
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
    rateLimits: { scale: 100 },
    mail: { retry: { attempts: 3, baseDelay: 20, maxDelay: 80 } },
    ...overrides,
  });
  const failed: VaultEventMap['mail.failed'][] = [];
  vault.on('mail.failed', (payload) => failed.push(payload));
  return { vault, failed };
}

/** One JSON request through the vault's neutral HTTP layer, as a framework adapter sends it. */
export async function post(vault: Vault, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const route = vault.routes.find((r) => r.method === 'POST' && r.path === path);
  if (!route) throw new Error(`no route POST ${path}`);
  const response = await vault.http.handle(route, {
    method: 'POST',
    params: {},
    query: {},
    headers: { 'content-type': 'application/json' },
    body: Readable.from([Buffer.from(JSON.stringify(body))]),
    remoteAddress: '203.0.113.7',
    encrypted: false,
  });
  return { status: response.status, json: response.body };
}
