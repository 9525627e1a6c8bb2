/*
 * The Fastify example: vaultkit's routes, probes, the dev inbox and the demo page on Fastify 5.
 * `startServer()` starts it in-process (tests); `server.ts` is the command-line entry.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { vaultkit, vaultkitFrameworkErrors } from '@vaultkit/fastify';
import { drainHttpServer } from '../../shared/src/lifecycle.js';
import { envWithOverrides, serverUrl, type RunningServer, type StartOptions } from '../../shared/src/listen.js';
import { devOutboxReply, errorReply, healthReply, notFoundReply, readyReply, type JsonReply } from '../../shared/src/replies.js';
import { corsOriginCheck, helmetOptions } from '../../shared/src/security.js';
import { isFresh, loadStaticFiles, type StaticFile } from '../../shared/src/static-files.js';
import { setupVault, type ExampleVault } from '../../shared/src/vault-setup.js';

export type { RunningServer, StartOptions };

/** What `buildApp` mounts. */
export interface AppParts extends ExampleVault {
  staticFiles: Map<string, StaticFile>;
  /** `true` once shutdown began (`/ready` answers 503). */
  isDraining(): boolean;
}

/**
 * The Fastify application, ready to listen. The vaultkit plugin keeps its routes (and their raw
 * body handling) in an encapsulated child; helmet and CORS hooks apply to every route.
 *
 * @example
 * const app = await buildApp({ vault, settings, outbox, staticFiles, isDraining: () => false });
 */
export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const { vault, settings, outbox } = parts;
  // Malformed URLs get the vault's 400 envelope instead of Fastify's own error shape.
  const app = Fastify({ logger: false, frameworkErrors: vaultkitFrameworkErrors(vault) });
  await app.register(helmet, helmetOptions(settings.production));
  const allowed = corsOriginCheck(settings.trustedOrigins);
  await app.register(cors, { origin: (origin, done) => done(null, allowed(origin)), credentials: true });

  app.get('/health', (_request, reply) => send(reply, healthReply()));
  app.get('/ready', async (_request, reply) => send(reply, await readyReply(vault, parts.isDraining())));
  await app.register(vaultkit, { vault }); // also serves <prefix>/openapi.json

  if (outbox) app.get('/dev/outbox', (request, reply) => send(reply, devOutboxReply(outbox, request.query as Record<string, unknown>)));
  for (const [path, file] of parts.staticFiles) {
    app.get(path, (request, reply) => {
      reply.headers(file.headers);
      return isFresh(file, request.headers['if-none-match']) ? reply.code(304).send() : reply.send(file.body);
    });
  }

  app.setNotFoundHandler((_request, reply) => send(reply, notFoundReply(vault)));
  app.setErrorHandler((error, _request, reply) => send(reply, errorReply(vault, error)));
  return app;
}

/**
 * Creates the vault from the environment, starts listening and resolves once the server is
 * bound. Rejects (having released everything) when the environment is invalid or the port is
 * taken.
 *
 * @example
 * const running = await startServer({ port: 0, host: '127.0.0.1', env: { NODE_ENV: 'test', JWT_SECRET } });
 * await running.stop();
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? console;
  const setup = await setupVault(envWithOverrides(options), logger);
  const { vault, settings } = setup;
  let draining = false;
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ ...setup, staticFiles: await loadStaticFiles(), isDraining: () => draining });
    await listenAnywhere(app, settings.port, settings.host);
  } catch (error) {
    await app?.close();
    await vault.close();
    throw error;
  }

  const ready = app;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      // app.close(): new requests on open connections get 503 + `Connection: close`; in-flight ones finish.
      await drainHttpServer(ready.server, { timeoutMs: options.drainTimeoutMs, close: () => ready.close() });
      await vault.close();
    })());
  return { ...serverUrl(ready.server), server: ready.server, vault, outbox: setup.outbox, stop };
}

// --- internal ---

/**
 * Fastify's default host is `localhost` only; an unset HOST means every interface here, as Node
 * (and the Express example) does: `::` (dual stack), or `0.0.0.0` on a host without IPv6.
 */
async function listenAnywhere(app: FastifyInstance, port: number, host: string | undefined): Promise<void> {
  if (host !== undefined) {
    await app.listen({ port, host });
    return;
  }
  try {
    await app.listen({ port, host: '::' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    await app.listen({ port, host: '0.0.0.0' });
  }
}

function send(reply: FastifyReply, response: JsonReply): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(response.body));
}
