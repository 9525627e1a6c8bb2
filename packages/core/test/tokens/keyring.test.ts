import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { VaultConfigError } from '../../src/errors/index.js';
import { createKeyRing } from '../../src/tokens/keyring.js';
import { META, SECRET, decodeHeader, ecPair, makeUser, rsaPair, setup } from './setup.js';

function configError(fn: () => unknown): VaultConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VaultConfigError);
    return e as VaultConfigError;
  }
  throw new Error('expected a VaultConfigError');
}

describe('keyring - default HS256 key', () => {
  it('signs with HS256 over the raw UTF-8 bytes of the secret', async () => {
    const { service, storage } = setup();
    const user = await makeUser(storage);
    const { accessToken } = await service.issueSession(user, META);
    // A third party holding the same secret verifies with the plain bytes.
    const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
    expect(() => jwt.verify(accessToken, key, { algorithms: ['HS256'], ignoreExpiration: true })).not.toThrow();
    expect(decodeHeader(accessToken)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
  });

  it('names the key by a short fingerprint that does not contain the secret', () => {
    const ring = createKeyRing({ secret: SECRET, keys: undefined });
    expect(ring.signer.kid).toMatch(/^hs-[A-Za-z0-9_-]{8}$/);
    expect(SECRET).not.toContain(ring.signer.kid.slice(3));
    expect(createKeyRing({ secret: SECRET, keys: undefined }).signer.kid).toBe(ring.signer.kid);
    expect(createKeyRing({ secret: `${SECRET}-other`, keys: undefined }).signer.kid).not.toBe(ring.signer.kid);
  });

  it('a unicode secret is taken as its UTF-8 bytes', () => {
    const secret = 'ключ-ключ-ключ-ключ-'; // 20 characters, 36 bytes
    const ring = createKeyRing({ secret, keys: undefined });
    expect(ring.signer.verifyKey.symmetricKeySize).toBe(Buffer.byteLength(secret, 'utf8'));
  });
});

describe('keyring - configured keys', () => {
  it('the first key able to sign signs, every key verifies', () => {
    const a = rsaPair();
    const b = ecPair();
    const ring = createKeyRing({
      secret: SECRET,
      keys: [
        { kid: 'retired', alg: 'RS256', publicKey: a.publicPem },
        { kid: 'current', alg: 'ES256', privateKey: b.privateKey, publicKey: b.publicKey },
      ],
    });
    expect(ring.signer.kid).toBe('current');
    expect(ring.signer.alg).toBe('ES256');
    expect([...ring.byKid.keys()]).toEqual(['retired', 'current']);
    expect(ring.byKid.get('retired')?.signKey).toBeNull();
  });

  it('an HS256 entry shorter than 32 bytes is refused', () => {
    const err = configError(() => createKeyRing({ secret: SECRET, keys: [{ kid: 'h', alg: 'HS256', publicKey: 'short-secret' }] }));
    expect(err.issues[0]?.path).toBe('tokens.keys.0');
  });

  it('an HS256 entry of 32 bytes signs', () => {
    const ring = createKeyRing({ secret: SECRET, keys: [{ kid: 'h', alg: 'HS256', publicKey: Buffer.alloc(32, 7) }] });
    expect(ring.signer).toMatchObject({ kid: 'h', alg: 'HS256' });
  });

  it('refuses a mismatched pair, a short RSA key, a wrong key type and a wrong curve, all at once', () => {
    const a = rsaPair();
    const b = rsaPair();
    const err = configError(() =>
      createKeyRing({
        secret: SECRET,
        keys: [
          { kid: 'mismatch', alg: 'RS256', privateKey: a.privateKey, publicKey: b.publicKey },
          { kid: 'short', alg: 'RS256', publicKey: rsaPair(1024).publicKey },
          { kid: 'type', alg: 'RS256', publicKey: ecPair().publicKey },
          { kid: 'curve', alg: 'ES256', publicKey: ecPair('secp384r1').publicKey },
        ],
      }),
    );
    expect(err.issues.map((i) => i.path)).toEqual(['tokens.keys.0', 'tokens.keys.1', 'tokens.keys.2', 'tokens.keys.3']);
  });

  it('refuses a ring in which no key can sign, and a duplicate kid', () => {
    const a = rsaPair();
    expect(configError(() => createKeyRing({ secret: SECRET, keys: [{ kid: 'x', alg: 'RS256', publicKey: a.publicKey }] })).issues).toHaveLength(1);
    const dup = configError(() =>
      createKeyRing({
        secret: SECRET,
        keys: [
          { kid: 'x', alg: 'RS256', privateKey: a.privateKey, publicKey: a.publicKey },
          { kid: 'x', alg: 'RS256', publicKey: a.publicKey },
        ],
      }),
    );
    expect(dup.issues[0]?.message).toContain('twice');
  });

  it('derives the public key from a private PEM given as publicKey', () => {
    const a = rsaPair();
    const ring = createKeyRing({ secret: SECRET, keys: [{ kid: 'k', alg: 'RS256', privateKey: a.privatePem, publicKey: a.privatePem }] });
    expect(ring.signer.verifyKey.type).toBe('public');
  });
});

describe('keyring - rotation', () => {
  it('old kid still verifies, new kid signs', async () => {
    const oldKey = rsaPair();
    const newKey = ecPair();
    const before = setup({ keys: [{ kid: 'k1', alg: 'RS256', privateKey: oldKey.privateKey, publicKey: oldKey.publicKey }] });
    const user = await makeUser(before.storage);
    const oldPair = await before.service.issueSession(user, META);
    expect(decodeHeader(oldPair.accessToken)).toMatchObject({ alg: 'RS256', kid: 'k1' });

    // The deployment rotates: k2 signs, k1 is kept for verification only.
    const after = setup(
      {
        keys: [
          { kid: 'k2', alg: 'ES256', privateKey: newKey.privateKey, publicKey: newKey.publicKey },
          { kid: 'k1', alg: 'RS256', publicKey: oldKey.publicKey },
        ],
      },
      { clock: before.clock, storage: before.storage },
    );
    await expect(after.service.verifyAccess(oldPair.accessToken)).resolves.toMatchObject({ ok: true, claims: { sub: user.id } });
    const refreshed = await after.service.refresh(oldPair.refreshToken, META);
    expect(decodeHeader(refreshed.tokens.accessToken)).toMatchObject({ alg: 'ES256', kid: 'k2' });
    await expect(after.service.verifyAccess(refreshed.tokens.accessToken)).resolves.toMatchObject({ ok: true });

    // Once k1 is dropped from the ring, its tokens stop verifying.
    const dropped = setup({ keys: [{ kid: 'k2', alg: 'ES256', privateKey: newKey.privateKey, publicKey: newKey.publicKey }] }, {
      clock: before.clock,
      storage: before.storage,
    });
    await expect(dropped.service.verifyAccess(oldPair.accessToken)).resolves.toEqual({ ok: false, reason: 'invalid' });
  });
});
