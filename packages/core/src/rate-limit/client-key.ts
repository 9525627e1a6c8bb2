import { isIP } from 'node:net';
import type { VaultRequest } from '../http/types.js';

/** The key used when no address is known (all such clients share one budget). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client's address. Without `trustProxy`, the socket's peer: `X-Forwarded-For` is ignored,
 * because any client can send it and would otherwise pick its own rate-limit bucket. With a hop
 * count `n`, the address `n` entries from the right of `[...X-Forwarded-For, peer]`: each trusted
 * proxy appends the address it saw, so what a client wrote itself stays further left and is
 * never used. With `true`, the left-most valid entry (every hop trusted).
 *
 * @example
 * getClientAddress({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } }, 1) // '203.0.113.7'
 */
export function getClientAddress(req: Pick<VaultRequest, 'remoteAddress' | 'headers'>, trustProxy: boolean | number): string {
  const peer = cleanPeer(req.remoteAddress ?? '') ?? UNKNOWN_CLIENT;
  if (trustProxy === false || trustProxy === 0) return peer;
  const raw = req.headers['x-forwarded-for'];
  const header = Array.isArray(raw) ? raw.join(',') : raw;
  if (!header) return peer;
  const forwarded = header.split(',');
  if (trustProxy === true) {
    for (const part of forwarded) {
      const address = cleanAddress(part);
      if (address) return address;
    }
    return peer;
  }
  // The peer is hop 0; the proxies we trust appended the next `trustProxy` entries.
  const index = Math.max(0, forwarded.length - trustProxy);
  return cleanAddress(forwarded[index]!) ?? UNKNOWN_CLIENT;
}

/**
 * The rate-limit key of an address: IPv4 as is, IPv4-mapped IPv6 as its IPv4, any other IPv6 as
 * its /64 prefix (one subscriber usually gets a whole /64, so counting single IPv6 addresses
 * would give every client 2^64 budgets). Anything else is `'unknown'`.
 *
 * @example
 * rateLimitKey('2001:db8::1') // '2001:db8:0:0::/64'
 * rateLimitKey('::ffff:192.0.2.1') // '192.0.2.1'
 */
export function rateLimitKey(address: string): string {
  // Hot path (every limited request): the same client comes back over and over (a keep-alive
  // connection asks again and again), so the last answer is kept; a pure function of its input.
  if (address === lastKey.address) return lastKey.key;
  const key = keyOf(address);
  lastKey = { address, key };
  return key;
}

// --- internal ---

let lastKey = { address: '', key: UNKNOWN_CLIENT };
let lastPeer: { value: string; address: string | null } = { value: '', address: null };

function keyOf(address: string): string {
  // IPv4 and IPv4-mapped peers skip the IPv6 parsing.
  if (isIP(address) === 4) return address;
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  const ip = stripZone(address.trim());
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version !== 6) return UNKNOWN_CLIENT;
  const groups = expandIPv6(ip);
  if (!groups) return UNKNOWN_CLIENT;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** `cleanAddress` of the socket's peer, with the last answer kept (see `rateLimitKey`). */
function cleanPeer(value: string): string | null {
  if (value === lastPeer.value) return lastPeer.address;
  const address = cleanAddress(value);
  lastPeer = { value, address };
  return address;
}

/** A valid IP from one header/socket value (brackets, ports and zone ids removed), else null. */
function cleanAddress(value: string): string | null {
  // Hot path: a socket's peer is already a bare address.
  if (isIP(value) !== 0) return value;
  let v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  return isIP(stripZone(v)) ? v : null;
}

function stripZone(ip: string): string {
  const percent = ip.indexOf('%');
  return percent === -1 ? ip : ip.slice(0, percent);
}

/** The eight 16-bit groups of a valid IPv6 address (compressed and dotted forms accepted). */
function expandIPv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
