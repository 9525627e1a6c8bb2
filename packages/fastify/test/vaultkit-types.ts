/**
 * The type augmentation an app beside @fastify/jwt writes (see `VaultkitTypes`): vaultkit's
 * caller is typed on `request.vault`, and `request.user` stays @fastify/jwt's. Like an app's, it
 * applies to this package's whole test program; `types-default/` checks the un-augmented default.
 */
import '@fastify/jwt';

declare module '../src/index.js' {
  interface VaultkitTypes {
    decoratorName: 'vault';
  }
}
