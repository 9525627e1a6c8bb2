import express from 'express';
import { describe, expect, it } from 'vitest';
import { createVault, memoryStorage, outboxMailer, type RouteDefinition, type Vault } from '@vaultkit/core';
import { closeAfterTest, listen } from './servers.js';
import { isDirect } from '../src/direct-routes.js';
import { vaultRouter } from '../src/index.js';

const SECRET = 'express-direct-routes-secret-0123456789abcdef';

function makeVault(): Vault {
  const vault = createVault({
    storage: memoryStorage(),
    mailer: outboxMailer({ log: false }),
    tokens: { secret: SECRET },
    passwords: { bcryptCost: 4, UNSAFE_allowLowCostForTests: true },
  });
  closeAfterTest(() => vault.close());
  return vault;
}

const route = (method: RouteDefinition['method'], path: string) => ({ method, path }) as RouteDefinition;

/** @see issue 13: static routes are found with one Map lookup instead of a walk through every layer. */
describe('vaultRouter - routes found by their exact path', () => {
  it('isDirect - only static paths that no earlier route of the same method would serve first', () => {
    expect(isDirect(route('GET', '/users/me'), [])).toBe(true);
    expect(isDirect(route('GET', '/users/:id'), [])).toBe(false);
    // Express walks in declaration order: an earlier `/users/:id` would answer `/users/me`.
    expect(isDirect(route('GET', '/users/me'), [route('GET', '/users/:id')])).toBe(false);
    expect(isDirect(route('GET', '/users/me'), [route('DELETE', '/users/:id'), route('GET', '/users/:id/posts')])).toBe(true);
  });

  it('answers as the layers would: exact, case-sensitive, no trailing slash, HEAD by the GET route', async () => {
    const app = express();
    app.use(vaultRouter(makeVault()));
    const url = await listen(app);
    const me = await fetch(`${url}/api/v1/users/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ status: 'error', code: 'AUTH_REQUIRED' });
    const head = await fetch(`${url}/api/v1/users/me`, { method: 'HEAD' });
    expect(head.status).toBe(401);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    for (const path of ['/api/v1/users/me/', '/api/v1/Users/me', '/api/v1/users/%6De']) {
      const answer = await fetch(`${url}${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    // A method the path does not have: not found, as before.
    expect((await fetch(`${url}/api/v1/auth/login`)).status).toBe(404);
  });

  it('follows the mount point when the app mounts the router itself', async () => {
    const vault = makeVault();
    const app = express();
    app.use(vault.http.prefix, vaultRouter(vault, { mountPrefix: false }));
    const url = await listen(app);
    expect((await fetch(`${url}/api/v1/users/me`)).status).toBe(401);
    expect((await fetch(`${url}/users/me`)).status).toBe(404);
  });
});
