/*
 * Example servers: the one Node HTTP server both frameworks run on (Express as its `request`
 * listener, Fastify through `serverFactory`), so both have the same timeouts and the same rule
 * for bodies nobody reads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpTimeouts } from './settings.js';

/**
 * A request declaring a larger body than this (or a chunked one, whose size is unknown) is
 * answered with `Connection: close`. The same bound as the core's own for a body it refused.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * Creates the HTTP server with `timeouts` applied (a request whose headers or body trickle in
 * gets a 408 once its time is up, an idle connection is closed) and the large-body rule.
 * Listening and the `clientError` answer are left to the caller.
 *
 * @example
 * const server = createHttpServer(settings.timeouts);
 * server.on('clientError', clientErrorHandler(vault));
 * server.on('request', app);
 */
export function createHttpServer(timeouts: HttpTimeouts): Server {
  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks the two timeouts above only this often (30 s by default): check at least every
    // second so a deadline means what it says.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4))),
  });
  server.setTimeout(timeouts.connectionMs);
  // Registered first, so it runs before the framework's listener.
  server.on('request', closeAfterLargeBody);
  return server;
}

// --- internal ---

/**
 * Without this, answering a request whose large body was never read (an unknown path, a refused
 * request) keeps the connection for the next request, so Node reads and discards the whole body
 * first: a client could make the server swallow 50 MB per request. With `Connection: close`, the
 * socket closes once the answer is out, unread. A route that reads such a body loses nothing but
 * the reuse of the connection.
 */
function closeAfterLargeBody(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length']);
  const large = req.headers['transfer-encoding'] !== undefined || (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES);
  if (large) res.setHeader('connection', 'close');
}
