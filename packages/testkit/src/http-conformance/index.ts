import { describe, it } from 'vitest';
import { routeSet, useServers, type HttpConformanceOptions, type MakeServer } from './harness.js';
import type { SuiteTools } from './suite.js';
import { appRoutesSuite } from './suites/app-routes.js';
import { cookiesCsrfSuite } from './suites/cookies-csrf.js';
import { envelopeSuite } from './suites/envelope.js';
import { hostileSuite } from './suites/hostile.js';
import { passwordsSuite } from './suites/passwords.js';
import { rateLimitSuite } from './suites/rate-limits.js';
import { registerSuite } from './suites/register.js';
import { sessionsSuite } from './suites/sessions.js';
import { tokensSuite } from './suites/tokens.js';
import { uploadsSuite } from './suites/uploads.js';
import { uploadHostileSuite } from './suites/upload-hostile.js';
import { assetsSuite } from './suites/assets.js';
import { channelsSuite } from './suites/channels.js';
import { adminAssetsSuite } from './suites/admin-assets.js';
import { usersAdminSuite } from './suites/users-admin.js';

export type { ConformanceServer, HttpConformanceOptions, MakeServer } from './harness.js';
export { httpFuzz, type HttpFuzzOptions } from './fuzz.js';

/**
 * The HTTP conformance suite: one behaviour, every framework, every store. It talks real HTTP
 * (`fetch`) to a server your adapter builds, for a fresh vault per test (bcrypt cost 4, a fixed
 * test secret; some tests add a manual clock, `trustProxy`, trusted origins or small rate-limit
 * budgets, small upload limits). Tests of routes the vault does not serve are skipped, and every
 * answer of a vault route must be one its operation declares (success schema, error status and code).
 *
 * Each test's vault uploads with the core's `localDiskUploader` to a temp folder of its own
 * (removed after the test), so the media tests can see which files an upload kept or left; the
 * raw-socket cases (a client leaving mid-upload, a stream refused while it is sent) need a
 * server that hands the request stream to the vault as it arrives, as both our adapters do.
 *
 * The vaults run on memory storage and an outbox mailer unless `options` gives others: a
 * storage author passes `storage` (a fresh, empty storage per test, like `storageContract`'s
 * `make`) and a framework adapter that is already tested (`@vaultkit/express`'s `vaultRouter`,
 * say) as `makeServer`, and gets the whole suite over their store.
 *
 * `makeServer(vault)` must start listening (port 0 is fine) and mount:
 * - every route of `vault.http` under `vault.http.prefix` (your adapter);
 * - `GET /app/me`, protected by your `requireAuth`, answering `{ user }` with the caller's
 *   `{ id, role, sessionId }`;
 * - `GET /app/admin`, protected by your `requireRole('admin')`, answering any 2xx.
 *
 * It resolves with the base URL and a `close()` that stops the server (the suite closes the vault).
 *
 * @example
 * // test/conformance.test.ts of an Express adapter
 * import express from 'express';
 * import { httpConformance } from '@vaultkit/testkit';
 * import { requireAuth, requireRole, vaultRouter } from '../src/index.js';
 *
 * httpConformance('express', async (vault) => {
 *   const app = express();
 *   app.use(vaultRouter(vault));
 *   app.get('/app/me', requireAuth(vault), (req, res) => res.json({ user: req.user }));
 *   app.get('/app/admin', requireRole(vault, 'admin'), (_req, res) => res.json({ ok: true }));
 *   const server = app.listen(0);
 *   await once(server, 'listening');
 *   const { port } = server.address() as AddressInfo;
 *   return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
 * });
 *
 * // the same suite over a storage adapter (any makeServer, here the Express one above)
 * httpConformance('express on postgres', makeExpressServer, {
 *   storage: () => postgresStorage(pool, { schema }),
 *   cleanup: () => truncateAll(pool, schema),
 * });
 */
export function httpConformance(name: string, makeServer: MakeServer, options: HttpConformanceOptions = {}): void {
  describe(`http conformance: ${name}`, () => {
    const routes = routeSet();
    const tools: SuiteTools = {
      start: useServers(makeServer, options),
      route: (...needed) => it.skipIf(!needed.every((r) => routes.has(r))),
    };
    envelopeSuite(tools);
    registerSuite(tools);
    sessionsSuite(tools);
    tokensSuite(tools);
    cookiesCsrfSuite(tools);
    rateLimitSuite(tools);
    hostileSuite(tools);
    usersAdminSuite(tools);
    passwordsSuite(tools);
    appRoutesSuite(tools);
    uploadsSuite(tools);
    uploadHostileSuite(tools);
    assetsSuite(tools);
    channelsSuite(tools);
    adminAssetsSuite(tools);
  });
}
