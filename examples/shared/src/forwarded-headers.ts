/*
 * Example servers: under `TRUST_PROXY`, the forwarding headers the vault reads are rewritten to
 * the single values the trusted proxies vouch for, before any vault route runs.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TrustFunction } from './trust-proxy.js';

/**
 * Rewrites `X-Forwarded-For` to the client address the framework found (`req.ip`, walked from
 * the right through the trusted hops only), and `X-Forwarded-Proto`/`-Host` to the value the
 * trusted peer set (the last one), or the socket's own when the peer is not trusted.
 *
 * Why: the vault's `http.trustProxy` is a plain switch that takes the left-most
 * `X-Forwarded-For` entry and the first `X-Forwarded-Proto` value. A proxy that appends to what
 * the client sent would let any client pick its own rate-limit key (and claim https); after this
 * rewrite the vault sees exactly one value, the one the trust setting allows.
 *
 * @example
 * app.use((req, _res, next) => { pinForwardedHeaders(req, { ip: req.ip, trust }); next(); });
 */
export function pinForwardedHeaders(req: IncomingMessage, view: { ip: string | undefined; trust: TrustFunction }): void {
  const headers = req.headers;
  const socket = req.socket;
  const peerTrusted = socket.remoteAddress !== undefined && view.trust(socket.remoteAddress, 0);
  const ownProto = (socket as TLSSocket).encrypted ? 'https' : 'http';
  const proto = (peerTrusted ? lastValue(headers['x-forwarded-proto']) : undefined)?.toLowerCase() ?? ownProto;
  const host = peerTrusted ? lastValue(headers['x-forwarded-host']) : undefined;

  const client = view.ip ?? socket.remoteAddress;
  if (client) headers['x-forwarded-for'] = client;
  else delete headers['x-forwarded-for'];
  headers['x-forwarded-proto'] = proto;
  // Without it the vault falls back to `Host`, as it should for an untrusted peer.
  if (host) headers['x-forwarded-host'] = host;
  else delete headers['x-forwarded-host'];
}

// --- internal ---

/** The value the nearest proxy added: the last of a comma list (or of repeated headers). */
function lastValue(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const last = joined?.split(',').at(-1)?.trim();
  return last ? last : undefined;
}
