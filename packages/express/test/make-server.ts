import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { MakeServer } from '@vaultkit/testkit';
import { requireAuth, requireRole, vaultRouter } from '../src/index.js';

/** The app the testkit suites drive: the vault router plus the two app routes they expect. */
export const makeServer: MakeServer = async (vault) => {
  const app = express();
  app.use(vaultRouter(vault));
  app.get('/app/me', requireAuth(vault), (req, res) => {
    res.json({ user: req.user });
  });
  app.get('/app/admin', requireRole(vault, 'admin'), (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
