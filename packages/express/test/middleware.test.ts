/**
 * `requireAuth` / `requireRole` passed to Express without being called: Express calls them as
 * the middleware. @see issue 10 (item 6).
 */
import express, { type RequestHandler } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type Vault } from '@vaultkit/core';
import { closeAfterTest, listen } from './servers.js';
import { requireAuth, requireRole } from '../src/index.js';


function makeVault(): Vault {
  const vault = createVault({ storage: memoryStorage(), mailer: outboxMailer({ log: false }), tokens: { secret: 'express-middleware-test-secret-0123456789' } });
  closeAfterTest(() => vault.close());
  return vault;
}

describe('requireAuth / requireRole passed uncalled', () => {
  it('requireAuth / requireRole as middleware uncalled - a JSON 500 envelope that says to call them; the handler never runs', async () => {
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const handler = vi.fn((_req: express.Request, res: express.Response) => {
      res.json({ secret: 'the handler ran' });
    });
    const app = express();
    app.get('/auth', requireAuth as unknown as RequestHandler, handler);
    app.get('/role', requireRole as unknown as RequestHandler, handler);
    const url = await listen(app);
    for (const [path, call] of [['/auth', 'requireAuth(vault)'], ['/role', "requireRole(vault, 'role')"]] as const) {
      const answer = await fetch(`${url}${path}`);
      expect(answer.status).toBe(500);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await answer.json()) as { status: string; code: string; message: string };
      expect(body).toMatchObject({ status: 'error', code: 'INTERNAL_ERROR' });
      expect(body.message).toContain(`app.get('/path', ${call}, handler)`);
    }
    expect(handler).not.toHaveBeenCalled();
    await fetch(`${url}/auth`);
    // One process warning per helper, not one per request.
    expect(warning.mock.calls.filter(([message]) => String(message).includes('requireAuth'))).toHaveLength(1);
    warning.mockRestore();
  });

  it('requireAuth(vault) called, as meant - the 401 envelope for a request without a token', async () => {
    const app = express();
    app.get('/auth', requireAuth(makeVault()), (_req, res) => {
      res.json({ ok: true });
    });
    const answer = await fetch(`${await listen(app)}/auth`);
    expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([401, 'AUTH_REQUIRED']);
  });
});
