import bcrypt from 'bcrypt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import { deriveServerKeys } from '../../src/crypto/server-keys.js';
import { createPasswordHasher } from '../../src/passwords/hasher.js';
import { call, makeVault } from '../helpers/vault.js';

const secret = 'a-test-secret-that-is-at-least-32-bytes-long';
const pepperA = { id: 'pa', secret: 'pepper-a-0123456789-0123456789-0123456789' };
const pepperB = { id: 'pb', secret: 'pepper-b-0123456789-0123456789-0123456789' };

function hasherWith(options: { cost?: number; peppers?: { id: string; secret: string }[] } = {}) {
  const config = resolveConfig({ tokens: { secret }, passwords: { bcryptCost: options.cost ?? 4, UNSAFE_allowLowCostForTests: true } });
  return createPasswordHasher(config.passwords, deriveServerKeys(secret, options.peppers).peppers);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('password hasher - hash and verify', () => {
  it('hash/verify round trip, in the $vk1$<pepperId>$<bcrypt> format', async () => {
    const hasher = hasherWith({ peppers: [pepperA] });
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$vk1\$pa\$\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(stored).not.toContain('correct horse');
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toEqual({ ok: true, needsRehash: false });
  });

  it('uses the derived pepper (named by a fingerprint) when no peppers are configured', async () => {
    const hasher = hasherWith();
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$vk1\$d[0-9a-f]{7}\$\$2b\$04\$/);
    expect((await hasher.verify('correct horse battery staple', stored)).ok).toBe(true);
  });

  it('a wrong password fails', async () => {
    const hasher = hasherWith();
    const stored = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery stapler', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    await expect(hasher.verify('', stored)).resolves.toEqual({ ok: false, needsRehash: false });
  });

  it('a 100-character password works and differs from its 72-byte prefix', async () => {
    const hasher = hasherWith();
    const password = 'x'.repeat(72) + 'y'.repeat(28);
    expect(password).toHaveLength(100);
    const stored = await hasher.hash(password);
    expect((await hasher.verify(password, stored)).ok).toBe(true);
    expect((await hasher.verify(password.slice(0, 72), stored)).ok).toBe(false);
    expect((await hasher.verify('x'.repeat(72) + 'z'.repeat(28), stored)).ok).toBe(false);
  });

  it('a 64-emoji password works and differs from its prefix', async () => {
    const hasher = hasherWith();
    const emoji = [...'😀😃😄😁😆😅😂🤣'];
    const password = Array.from({ length: 64 }, (_, i) => emoji[i % emoji.length]).join('');
    expect([...password]).toHaveLength(64);
    expect(Buffer.byteLength(password)).toBe(256);
    const stored = await hasher.hash(password);
    expect((await hasher.verify(password, stored)).ok).toBe(true);
    // 18 emoji = the 72 bytes bcrypt would read on its own.
    const prefix = [...password].slice(0, 18).join('');
    expect(Buffer.byteLength(prefix)).toBe(72);
    expect((await hasher.verify(prefix, stored)).ok).toBe(false);
    expect((await hasher.verify([...password].slice(0, 63).join(''), stored)).ok).toBe(false);
  });

  it('normalises to NFKC, so equivalent spellings verify', async () => {
    const hasher = hasherWith();
    const stored = await hasher.hash('Cafe\u0301 au lait!');
    expect((await hasher.verify('Caf\u00e9 au lait!', stored)).ok).toBe(true);
  });
});

describe('password hasher - rehash and peppers', () => {
  it('needsRehash when the cost changed', async () => {
    const stored = await hasherWith({ cost: 4, peppers: [pepperA] }).hash('correct horse battery staple');
    await expect(hasherWith({ cost: 5, peppers: [pepperA] }).verify('correct horse battery staple', stored)).resolves.toEqual({
      ok: true,
      needsRehash: true,
    });
  });

  it('pepper rotation: new pepper first, old second; an old hash verifies with needsRehash, new hashes use the new pepper', async () => {
    const stored = await hasherWith({ peppers: [pepperA] }).hash('correct horse battery staple');
    const rotated = hasherWith({ peppers: [pepperB, pepperA] });
    await expect(rotated.verify('correct horse battery staple', stored)).resolves.toEqual({ ok: true, needsRehash: true });
    await expect(rotated.verify('wrong horse battery staple', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    const fresh = await rotated.hash('correct horse battery staple');
    expect(fresh.startsWith('$vk1$pb$')).toBe(true);
    await expect(rotated.verify('correct horse battery staple', fresh)).resolves.toEqual({ ok: true, needsRehash: false });
  });

  it('configuring peppers later keeps hashes made with the derived pepper verifiable, with needsRehash', async () => {
    const stored = await hasherWith().hash('correct horse battery staple');
    const configured = hasherWith({ peppers: [pepperA] });
    await expect(configured.verify('correct horse battery staple', stored)).resolves.toEqual({ ok: true, needsRehash: true });
    expect((await configured.hash('correct horse battery staple')).startsWith('$vk1$pa$')).toBe(true);
  });

  it('an unknown pepper id fails, still spending one bcrypt compare', async () => {
    const stored = await hasherWith({ peppers: [pepperA] }).hash('correct horse battery staple');
    const other = hasherWith({ peppers: [pepperB] });
    const compare = vi.spyOn(bcrypt, 'compare');
    await expect(other.verify('correct horse battery staple', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('the same pepper id with another secret fails', async () => {
    const stored = await hasherWith({ peppers: [pepperA] }).hash('correct horse battery staple');
    const impostor = hasherWith({ peppers: [{ id: 'pa', secret: pepperB.secret }] });
    expect((await impostor.verify('correct horse battery staple', stored)).ok).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['a plain bcrypt hash', '$2b$04$abcdefghijklmnopqrstuuJ3hQJ3m0yJ9l2c7wXKQ6yYyYyYyYyYy'],
    ['a truncated hash', '$vk1$pa$$2b$04$abc'],
    ['another version', '$vk2$pa$$2b$04$abcdefghijklmnopqrstuuJ3hQJ3m0yJ9l2c7wXKQ6yYyYyYyYyYy'],
  ])('a malformed stored value (%s) fails without throwing, with a dummy compare', async (_, stored) => {
    const hasher = hasherWith({ peppers: [pepperA] });
    const compare = vi.spyOn(bcrypt, 'compare');
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('verifyDummy compares against a hash of the configured cost, made once', async () => {
    const hasher = hasherWith({ cost: 5 });
    const compare = vi.spyOn(bcrypt, 'compare');
    const hash = vi.spyOn(bcrypt, 'hash');
    await hasher.verifyDummy('anything at all');
    await hasher.verifyDummy('something else');
    expect(compare).toHaveBeenCalledTimes(2);
    expect(hash).toHaveBeenCalledTimes(1);
    const dummy = compare.mock.calls[0]![1] as string;
    expect(bcrypt.getRounds(dummy)).toBe(5);
    expect(compare.mock.calls[1]![1]).toBe(dummy);
  });
});

describe('vault.ready and the dummy hash', () => {
  afterEach(() => vi.useRealTimers());

  it('makes the dummy hash once and runs no bcrypt at all on later calls (readiness probes never queue behind logins)', async () => {
    const t = makeVault();
    const hash = vi.spyOn(bcrypt, 'hash');
    const compare = vi.spyOn(bcrypt, 'compare');
    for (let i = 0; i < 3; i += 1) await t.vault.ready();
    expect(hash).toHaveBeenCalledTimes(1);
    expect(compare).not.toHaveBeenCalled();
    // An unknown account's login then compares against that hash: one compare, no new hash.
    const login = await call(t, 'POST /auth/login', { body: { identifier: 'nobody@example.com', password: 'correct horse battery' } });
    expect(login.status).toBe(401);
    expect(hash).toHaveBeenCalledTimes(1);
    expect(compare).toHaveBeenCalledTimes(1);
  });
});
