/*
 * Example servers: `TRUST_PROXY` as the one trust function both frameworks get, so that Express
 * and Fastify agree on which hops may speak for the client.
 */
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from './settings.js';

/**
 * `(address, hop)`: may the peer at `hop` (0 = the socket's peer, 1 = the address it forwarded,
 * …) set `X-Forwarded-*`? The shape of Express's `trust proxy` function and Fastify's
 * `trustProxy` function (both walk the chain with proxy-addr).
 */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The trust function of a `TRUST_PROXY` setting, or `false` when no proxy is trusted.
 *
 * A hop count is a function here, not the number itself: Fastify 5 reads a bare number as
 * "trust nothing" (it cannot check the peer), Express as "trust that many hops". A count trusts
 * whoever connects, so it is only right when the server is reachable through the proxies alone;
 * otherwise list their addresses.
 *
 * @example
 * app.set('trust proxy', compileTrustProxy(settings.trustProxy));
 */
export function compileTrustProxy(setting: TrustProxy): TrustFunction | false {
  if (setting === false || setting === 0) return false;
  if (setting === true) return () => true;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  const ranges = new BlockList();
  for (const entry of setting) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) ranges.addAddress(address, family);
    else ranges.addSubnet(address, Number(prefix), family);
  }
  // An IPv4-mapped IPv6 peer (`::ffff:10.0.0.5`, a dual-stack socket) matches its IPv4 range.
  return (address) => {
    const family = isIP(address);
    return family !== 0 && ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
