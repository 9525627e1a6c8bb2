import Fastify from 'fastify';
import type { MakeServer } from '@vaultkit/testkit';
import { vaultkit, vaultkitFrameworkErrors } from '../src/index.js';

/** The app the testkit suites drive: the vaultkit plugin plus the two app routes they expect. */
export const makeServer: MakeServer = async (vault) => {
  const app = Fastify({ frameworkErrors: vaultkitFrameworkErrors(vault) });
  await app.register(vaultkit, { vault });
  app.get('/app/me', { preHandler: app.vault.requireAuth() }, async (request) => ({ user: request.user }));
  app.get('/app/admin', { preHandler: app.vault.requireRole('admin') }, async () => ({ ok: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
};
