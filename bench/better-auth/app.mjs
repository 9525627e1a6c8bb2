// Better Auth 1.7 on Express 5, for bench/http.mjs's comparison of a session read (issue 13):
// `GET /api/auth/get-session` with a signed-in user's cookie, against vaultkit's
// `GET /api/v1/users/me`. Its own folder and npm install (not in the pnpm workspace), so the
// workspace and CI never install Better Auth:
//   npm install --prefix bench/better-auth
// Its embedded memory adapter and defaults otherwise, as vaultkit's apps run on theirs.
import { once } from 'node:events';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import express from 'express';

/** Starts the app on an ephemeral loopback port; resolves with its port and a session cookie. */
export async function startBetterAuthApp({ host, secret, password }) {
  const app = express();
  app.set('etag', false);
  const server = app.listen(0, host);
  await once(server, 'listening');
  const baseURL = `http://${host}:${server.address().port}`;
  const auth = betterAuth({
    baseURL,
    secret,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  app.all('/api/auth/*splat', toNodeHandler(auth));

  const email = `bench-${process.pid}@example.test`;
  await auth.api.signUpEmail({ body: { email, password, name: 'Bench' } });
  const signIn = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie.includes('session_token')) throw new Error(`Better Auth sign-in set no session cookie (status ${signIn.status})`);
  return { port: server.address().port, cookie };
}
