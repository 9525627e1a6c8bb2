import { describe, expect, it } from 'vitest';
import { getClientAddress, rateLimitKey } from '../../src/rate-limit/client-key.js';

describe('rateLimitKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(rateLimitKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('maps IPv4-mapped IPv6 to the IPv4 (dotted and hex forms)', () => {
    expect(rateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(rateLimitKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, whatever the written form', () => {
    const a = rateLimitKey('2001:db8::1');
    expect(a).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('2001:db8:0:0:ffff::2')).toBe(a);
    expect(rateLimitKey('2001:0DB8:0000:0000:1234:5678:9abc:def0')).toBe(a);
    expect(rateLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('separates different /64 prefixes', () => {
    expect(rateLimitKey('2001:db8:0:1::1')).not.toBe(rateLimitKey('2001:db8::1'));
  });

  /** @see issue 13: the last answer is kept for the next request of the same client. */
  it('answers each address right when the same client asks again and again, and between others', () => {
    for (const address of ['203.0.113.7', '203.0.113.7', '2001:db8::1', '2001:db8::1', 'nope', '203.0.113.7']) {
      expect(rateLimitKey(address)).toBe(address === 'nope' ? 'unknown' : address.includes(':') ? '2001:db8:0:0::/64' : address);
    }
    const from = (remoteAddress: string) => getClientAddress({ remoteAddress, headers: {} }, false);
    expect([from('198.51.100.1'), from('198.51.100.1'), from('[::1]'), from('garbage'), from('198.51.100.1')]).toEqual(['198.51.100.1', '198.51.100.1', '::1', 'unknown', '198.51.100.1']);
  });

  it('answers unknown for anything that is not an IP', () => {
    expect(rateLimitKey('')).toBe('unknown');
    expect(rateLimitKey('unknown')).toBe('unknown');
    expect(rateLimitKey('not-an-ip')).toBe('unknown');
    expect(rateLimitKey('1.2.3.400')).toBe('unknown');
  });
});

describe('getClientAddress', () => {
  const spoofed = { remoteAddress: '198.51.100.1', headers: { 'x-forwarded-for': '203.0.113.9' } };

  it('ignores a spoofed X-Forwarded-For without trustProxy', () => {
    expect(getClientAddress(spoofed, false)).toBe('198.51.100.1');
  });

  it('takes the left-most valid X-Forwarded-For address under trustProxy', () => {
    expect(getClientAddress(spoofed, true)).toBe('203.0.113.9');
    const chain = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': 'garbage, 203.0.113.10:5555, 10.0.0.2' } };
    expect(getClientAddress(chain, true)).toBe('203.0.113.10');
    const v6 = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': ['[2001:db8::7]:443', '10.0.0.2'] } };
    expect(getClientAddress(v6, true)).toBe('2001:db8::7');
  });

  it('with a hop count, takes the entry the trusted proxies appended: a client-written one is never used', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; one proxy (10.0.0.1) appended the real address.
    const oneHop = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' } };
    expect(getClientAddress(oneHop, 1)).toBe('203.0.113.9');
    expect(getClientAddress(oneHop, true)).toBe('6.6.6.6'); // why `true` needs a proxy that overwrites
    const twoHops = { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': ['6.6.6.6, 203.0.113.9', '10.0.0.2'] } };
    expect(getClientAddress(twoHops, 2)).toBe('203.0.113.9');
    expect(getClientAddress(twoHops, 0)).toBe('10.0.0.1');
    // Fewer entries than hops: the left-most one; an invalid entry there is unknown, never a guess.
    expect(getClientAddress({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } }, 3)).toBe('203.0.113.9');
    expect(getClientAddress({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6, junk' } }, 1)).toBe('unknown');
  });

  it('falls back to the socket when the header has no valid address', () => {
    expect(getClientAddress({ remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': 'nope' } }, true)).toBe('10.0.0.1');
  });

  it('answers unknown without any address', () => {
    expect(getClientAddress({ remoteAddress: undefined, headers: {} }, false)).toBe('unknown');
  });
});
