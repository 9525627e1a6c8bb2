/*
 * The Express example: vaultkit's routes, probes, the dev inbox and the demo page on Express 5.
 * `startServer()` starts it in-process (tests); `server.ts` is the command-line entry.
 */
import cors from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { clientErrorHandler, vaultRouter } from '@vaultkit/express';
import { pinForwardedHeaders } from '../../shared/src/forwarded-headers.js';
import { createHttpServer } from '../../shared/src/http-server.js';
import { drainHttpServer } from '../../shared/src/lifecycle.js';
import { envWithOverrides, listen, serverUrl, type RunningServer, type StartOptions } from '../../shared/src/listen.js';
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
 * The Express application. The vault router comes before any body parser: the core reads the
 * raw body itself.
 *
 * @example
 * const app = buildApp({ vault, settings, outbox, uploads, mediaOrigins, staticFiles, isDraining: () => false });
 */
export function buildApp(parts: AppParts): Express {
  const { vault, settings, outbox } = parts;
  const app = express();
  app.disable('x-powered-by');
  // Like Fastify's router and the vault's: `//`, `/health/` and `/HEALTH` are not routes.
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  const trust = compileTrustProxy(settings.trustProxy);
  app.set('trust proxy', trust);
  // First: no vault route may read X-Forwarded-* before they are pinned.
  if (trust) {
    app.use((req: Request, _res: Response, next: NextFunction) => {
      pinForwardedHeaders(req, { ip: req.ip, trust });
      next();
    });
  }
  app.use(helmet(helmetOptions(settings.production, parts.mediaOrigins)));
  app.get('/health', (_req, res) => send(res, healthReply()));
  app.get('/ready', async (_req, res) => send(res, await readyReply(vault, parts.isDraining())));

  const trusted = corsOriginCheck(settings.trustedOrigins);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isMalformedPreflight(req.method, req.headers, trusted)) send(res, badPreflightReply(vault));
    else next();
  });
  app.use(cors(corsOptions(settings.trustedOrigins)));

  // Before the router, whose prefix 404 would answer it (the adapter leaves this route to the app).
  app.use(vaultRouter(vault));

  if (outbox) app.get('/dev/outbox', (req, res) => send(res, devOutboxReply(outbox, req.query)));
  const uploads = parts.uploads;
  if (uploads) {
    app.use(UPLOADS_PATH, async (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const reply = await openUpload(uploads, req.originalUrl, req.headers.range);
      if (!reply) return send(res, notFoundReply(vault));
      res.writeHead(reply.status, reply.headers);
      if (!reply.body || req.method === 'HEAD') {
        reply.body?.destroy();
        res.end();
      } else {
        // A client that goes away, or a read error, ends both sides.
        reply.body.on('error', () => res.destroy()).pipe(res);
        res.on('close', () => reply.body!.destroy());
      }
    });
  }
  for (const [path, file] of parts.staticFiles) {
    app.get(path, (req, res, next) => {
      if (!servesPath(req.originalUrl, path)) return next();
      res.set(file.headers);
      if (isFresh(file, req.headers['if-none-match'])) res.status(304).end();
      else res.status(200).set('content-length', String(file.body.length)).end(file.body);
    });
  }

  app.use((_req: Request, res: Response) => send(res, notFoundReply(vault)));
  // Express recognises an error handler by its four parameters.
  // eslint-disable-next-line max-params
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => send(res, errorReply(vault, error)));
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
  const { vault, settings, outbox, uploads, mediaOrigins } = await setupVault(envWithOverrides(options), logger);
  let draining = false;
  const server = createHttpServer(settings.timeouts);
  server.on('clientError', clientErrorHandler(vault));
  try {
    const app = buildApp({ vault, settings, outbox, uploads, mediaOrigins, staticFiles: await loadStaticFiles(), isDraining: () => draining });
    server.on('request', app);
    await listen(server, settings.port, settings.host);
  } catch (error) {
    await vault.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      await drainHttpServer(server, { timeoutMs: options.drainTimeoutMs });
      await vault.close();
    })());
  return { ...serverUrl(server), server, vault, outbox, stop };
}

// --- internal ---

function send(res: Response, reply: JsonReply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}
