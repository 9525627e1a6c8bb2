/*
 * The Fastify example: vaultkit's routes, probes, the dev inbox and the demo page on Fastify 5.
 * `startServer()` starts it in-process (tests); `server.ts` is the command-line entry.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { clientErrorHandler, vaultkit } from '@vaultkit/fastify';
import { pinForwardedHeaders } from '../../shared/src/forwarded-headers.js';
import { createHttpServer } from '../../shared/src/http-server.js';
import { drainHttpServer } from '../../shared/src/lifecycle.js';
import { envWithOverrides, serverUrl, type RunningServer, type StartOptions } from '../../shared/src/listen.js';
import { badPreflightReply, devOutboxReply, errorReply, healthReply, notFoundReply, readyReply, type JsonReply } from '../../shared/src/replies.js';
import { corsOptions, corsOriginCheck, helmetOptions, isMalformedPreflight } from '../../shared/src/security.js';
import { isFresh, loadStaticFiles, servesPath, type StaticFile } from '../../shared/src/static-files.js';
import { openUpload, UPLOADS_PATH } from '../../shared/src/uploads.js';
import { compileTrustProxy } from '../../shared/src/trust-proxy.js';
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
 * body handling) in an encapsulated child; helmet and CORS hooks apply to every route. Hooks
 * run in the order they are added: pin the forwarding headers, refuse a malformed preflight,
 * answer a valid one (CORS), then answer unknown paths before any body is read.
 *
 * @example
 * const app = await buildApp({ vault, settings, outbox, uploads, mediaOrigins, staticFiles, isDraining: () => false });
 */
export async function buildApp(parts: AppParts): Promise<FastifyInstance> {
  const { vault, settings, outbox } = parts;
  const onError = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => send(reply, errorReply(vault, error));
  const trust = compileTrustProxy(settings.trustProxy);
  const app = Fastify({
    logger: false,
    trustProxy: trust,
    // The server both examples share (timeouts, large bodies): Fastify's own requestTimeout,
    // connectionTimeout and keepAliveTimeout options would set the same properties on its own.
    serverFactory: (handler) => createHttpServer(settings.timeouts).on('request', handler),
    // Node's errors (408, 431, bytes that are not HTTP) and Fastify's routing errors (a malformed
    // URL): the envelope instead of Fastify's own JSON shape.
    clientErrorHandler: clientErrorHandler(vault),
    frameworkErrors: onError,
  });
  // Before any route (CORS's OPTIONS route included): a route keeps the error handler that was
  // set when it was added, and Fastify's default one shows `FST_` codes.
  app.setErrorHandler(onError);
  app.setNotFoundHandler((_request, reply) => send(reply, notFoundReply(vault)));

  // Before the vault plugin, whose routes inherit this hook: none reads X-Forwarded-* unpinned.
  if (trust) app.addHook('onRequest', async (request) => pinForwardedHeaders(request.raw, { ip: request.ip, trust }));
  await app.register(helmet, helmetOptions(settings.production, parts.mediaOrigins));
  const trusted = corsOriginCheck(settings.trustedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (isMalformedPreflight(request.method, request.headers, trusted)) return send(reply, badPreflightReply(vault));
  });
  await app.register(cors, corsOptions(settings.trustedOrigins));
  // CORS has answered every valid preflight. Unknown paths and any other OPTIONS get the 404
  // here, before their body is parsed: no 413/415 for a route that does not exist, and no
  // waiting for a body nobody needs.
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404 || request.method === 'OPTIONS') return send(reply, notFoundReply(vault));
  });

  app.get('/health', (_request, reply) => send(reply, healthReply()));
  app.get('/ready', async (_request, reply) => send(reply, await readyReply(vault, parts.isDraining())));
  await app.register(vaultkit, { vault }); // also serves <prefix>/openapi.json

  if (outbox) app.get('/dev/outbox', (request, reply) => send(reply, devOutboxReply(outbox, request.query as Record<string, unknown>)));
  const uploads = parts.uploads;
  if (uploads) {
    app.get(`${UPLOADS_PATH}/*`, async (request, reply) => {
      const found = await openUpload(uploads, request.raw.url ?? '', request.headers.range);
      if (!found) return send(reply, notFoundReply(vault));
      reply.code(found.status).headers(found.headers);
      return found.body ? reply.send(found.body) : reply.send();
    });
  }
  for (const [path, file] of parts.staticFiles) {
    app.get(path, (request, reply) => {
      if (!servesPath(request.raw.url ?? '', path)) return send(reply, notFoundReply(vault));
      reply.headers(file.headers);
      return isFresh(file, request.headers['if-none-match']) ? reply.code(304).send() : reply.send(file.body);
    });
  }
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
