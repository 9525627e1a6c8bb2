import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { META, SECRET, SEC, decodeHeader, decodePayload, forge, hs256, makeUser, rsaPair, setup } from './setup.js';

const INVALID = { ok: false, reason: 'invalid' };

/** A service, a user, a genuine pair and the genuine header/claims to tamper with. */
async function genuine(tokens: Parameters<typeof setup>[0] = {}) {
  const env = setup(tokens);
  const user = await makeUser(env.storage);
  const pair = await env.service.issueSession(user, META);
  return { ...env, user, pair, header: decodeHeader(pair.accessToken), claims: decodePayload(pair.accessToken) };
}

/** Signs arbitrary claims with the real HS256 secret and the real kid (only the claims are hostile). */
function signReal(kid: unknown, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return forge({ alg: 'HS256', typ: 'JWT', kid, ...header }, claims, hs256(Buffer.from(SECRET, 'utf8')));
}

describe('access token - algorithm confusion', () => {
  it.each(['none', 'NONE', 'None', 'nOnE'])('alg %s is refused (with and without a signature)', async (alg) => {
    const { service, header, claims } = await genuine();
    await expect(service.verifyAccess(forge({ ...header, alg }, claims, () => ''))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(forge({ ...header, alg }, claims, hs256(SECRET)))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(forge({ alg, typ: 'JWT' }, claims, () => ''))).resolves.toEqual(INVALID);
  });

  it('an HS256 token "signed" with the RS256 public key is refused', async () => {
    const rsa = rsaPair();
    const { service, header, claims } = await genuine({ keys: [{ kid: 'rs', alg: 'RS256', privateKey: rsa.privateKey, publicKey: rsa.publicKey }] });
    expect(header).toMatchObject({ alg: 'RS256', kid: 'rs' });
    const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
    for (const key of [rsa.publicPem, der]) {
      await expect(service.verifyAccess(forge({ ...header, alg: 'HS256' }, claims, hs256(key)))).resolves.toEqual(INVALID);
    }
    // Even through jsonwebtoken directly with the public key as a secret: our pinned alg decides first.
    const confused = jwt.sign(claims, createSecretKey(Buffer.from(rsa.publicPem)), { algorithm: 'HS256', keyid: 'rs' });
    await expect(service.verifyAccess(confused)).resolves.toEqual(INVALID);
  });

  it('another algorithm with the right secret is refused (HS512, hs256)', async () => {
    const { service, header, claims } = await genuine();
    const hs512 = jwt.sign(claims, createSecretKey(Buffer.from(SECRET)), { algorithm: 'HS512', keyid: header.kid as string });
    await expect(service.verifyAccess(hs512)).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(forge({ ...header, alg: 'hs256' }, claims, hs256(SECRET)))).resolves.toEqual(INVALID);
  });
});

describe('access token - keys named by the token', () => {
  it.each(['jku', 'jwk', 'x5u', 'x5c'])('a %s header is refused even with a valid signature', async (param) => {
    const { service, header, claims } = await genuine();
    const value = param === 'jwk' ? { kty: 'oct', k: 'AAAA' } : param === 'x5c' ? ['AAAA'] : 'https://attacker.test/keys';
    const token = signReal(header.kid, claims, { [param]: value });
    await expect(service.verifyAccess(token)).resolves.toEqual(INVALID);
    // The control: the same claims and secret without the parameter pass.
    await expect(service.verifyAccess(signReal(header.kid, claims))).resolves.toMatchObject({ ok: true });
  });

  it('an unknown or missing kid is refused', async () => {
    const { service, claims } = await genuine();
    await expect(service.verifyAccess(signReal('someone-else', claims))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(signReal(undefined, claims))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(signReal(42, claims))).resolves.toEqual(INVALID);
  });
});

describe('access token - time', () => {
  it('is accepted until exp and expired from exp on', async () => {
    const { service, clock, pair } = await genuine();
    clock.advance(15 * 60 * SEC - 1);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toMatchObject({ ok: true });
    clock.advance(1);
    await expect(service.verifyAccess(pair.accessToken)).resolves.toEqual({ ok: false, reason: 'expired' });
  });

  it('a not-yet-valid token (nbf in the future) is refused', async () => {
    const { service, header, claims, clock } = await genuine();
    const nbf = Math.floor(clock.now() / 1000) + 60;
    await expect(service.verifyAccess(signReal(header.kid, { ...claims, nbf }))).resolves.toEqual(INVALID);
  });

  it('a token without exp, or with a non-numeric exp, is refused', async () => {
    const { service, header, claims } = await genuine();
    const { exp: _exp, ...noExp } = claims;
    await expect(service.verifyAccess(signReal(header.kid, noExp))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(signReal(header.kid, { ...claims, exp: String(claims.exp) }))).resolves.toEqual(INVALID);
  });

  it('no leeway by default; a configured clock tolerance is honoured', async () => {
    const strict = await genuine();
    strict.clock.advance(15 * 60 * SEC + 5 * SEC);
    await expect(strict.service.verifyAccess(strict.pair.accessToken)).resolves.toEqual({ ok: false, reason: 'expired' });
    const lenient = await genuine({ clockToleranceSeconds: 10 });
    lenient.clock.advance(15 * 60 * SEC + 5 * SEC);
    await expect(lenient.service.verifyAccess(lenient.pair.accessToken)).resolves.toMatchObject({ ok: true });
  });
});

describe('access token - claims', () => {
  it('a wrong issuer or audience is refused', async () => {
    const { service, header, claims } = await genuine();
    await expect(service.verifyAccess(signReal(header.kid, { ...claims, iss: 'elsewhere' }))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(signReal(header.kid, { ...claims, aud: 'elsewhere' }))).resolves.toEqual(INVALID);
    await expect(service.verifyAccess(signReal(header.kid, { ...claims, aud: ['elsewhere', 'vaultkit'] }))).resolves.toEqual(INVALID);
  });

  it('a typ other than access is refused', async () => {
    const { service, header, claims } = await genuine();
    for (const typ of ['refresh', 'ACCESS', undefined]) {
      await expect(service.verifyAccess(signReal(header.kid, { ...claims, typ }))).resolves.toEqual(INVALID);
    }
  });

  it('claims of the wrong type are refused', async () => {
    const { service, header, claims } = await genuine();
    for (const patch of [{ sub: 1 }, { sid: '' }, { jti: null }, { role: ['admin'] }, { iat: 'now' }]) {
      await expect(service.verifyAccess(signReal(header.kid, { ...claims, ...patch }))).resolves.toEqual(INVALID);
    }
  });

  it('a refresh token used as an access token is refused', async () => {
    const { service, pair } = await genuine();
    await expect(service.verifyAccess(pair.refreshToken)).resolves.toEqual(INVALID);
  });

  it('a tampered payload (role: admin) is refused', async () => {
    const { service, pair } = await genuine();
    const [h, p, s] = pair.accessToken.split('.') as [string, string, string];
    const claims = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' };
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    await expect(service.verifyAccess(tampered)).resolves.toEqual(INVALID);
  });

  it('garbage, oversized and non-string input is refused without throwing', async () => {
    const { service, pair } = await genuine();
    const huge = `${pair.accessToken.split('.')[0]}.${'A'.repeat(10_000)}.x`;
    const bigHeader = `${Buffer.from(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(2000) })).toString('base64url')}.e30.x`;
    for (const token of ['', 'a.b.c', '....', 'not a token', huge, bigHeader, `${pair.accessToken}.extra`, 'e30.e30.', 'W10.e30.x']) {
      await expect(service.verifyAccess(token)).resolves.toEqual(INVALID);
    }
    await expect(service.verifyAccess(undefined as unknown as string)).resolves.toEqual(INVALID);
  });
});
