/*
 * @vaultkit/express: types added to Express's `Request`.
 *
 * Adapters import only @vaultkit/core's public entry points (never its files).
 */
import type { AuthContext } from '@vaultkit/core';
import type { VaultUser } from '@vaultkit/core/node';

export type { VaultUser };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's types live in this global namespace.
  namespace Express {
    // Merged into `Express.User` (not a new `user` type) so apps that also use passport's
    // `req.user?: Express.User` keep compiling.
    interface User extends VaultUser {}
    interface Request {
      /** Set by `requireAuth` / `requireRole`. */
      user?: User;
      /** Set by `requireAuth` / `requireRole`: the full authentication context. */
      auth?: AuthContext;
    }
  }
}
