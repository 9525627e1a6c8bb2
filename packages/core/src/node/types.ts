import type { VaultLogger } from '../logging/logger.js';
import type { VaultHttp } from '../http/types.js';

/**
 * What a framework adapter needs from a vault: its neutral HTTP layer and, when there is one,
 * the logger that unexpected errors and misconfigurations go to. `createVault()` returns both.
 *
 * @example
 * function myAdapter(vault: VaultLike) { for (const route of vault.http.routes) mount(route) }
 */
export interface VaultLike {
  readonly http: VaultHttp;
  /** Where the adapter reports what the client never sees. @default console, prefixed `[vaultkit]` */
  readonly logger?: VaultLogger;
}

/**
 * The caller that `requireAuth` / `requireRole` put on the request of the app's own routes
 * (`req.user` in Express, `request.user` or the `decoratorName` property in Fastify).
 *
 * @example
 * app.get('/me', requireAuth(vault), (req, res) => res.json({ id: req.user!.id }));
 */
export interface VaultUser {
  id: string;
  role: string;
  sessionId: string;
}
