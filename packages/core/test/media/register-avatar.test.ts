import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/vault.js';
import { ELF, filesIn, formBody, GIF, makeMediaVault, PNG, send } from './helpers.js';

const PASSWORD = 'correct horse battery';

/** Waits until the folder holds `count` files (the removal of a dropped avatar runs in the background). */
async function settle(dir: string, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i += 1) {
    const files = await filesIn(dir);
    if (files.length === count) return files;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return filesIn(dir);
}

/** @see issue 11 */
describe('POST /auth/register with an optional avatar (multipart)', () => {
  it('a new account keeps the avatar, in its own folder', async () => {
    const t = await makeMediaVault();
    const res = await send(t, 'POST /auth/register', {
      body: formBody([
        { name: 'email', value: 'ada@example.com' },
        { name: 'password', value: PASSWORD },
        { name: 'username', value: 'ada' },
        { name: 'name', value: '' },
        { name: 'role', value: 'admin' },
        { name: 'avatar', filename: '../me.png', type: 'image/png', data: PNG },
      ]),
    });
    expect(res.status).toBe(202);
    const user = (await t.vault.storage.users.findByEmail('ada@example.com'))!;
    expect(user).toMatchObject({ username: 'ada', name: null, role: 'user' });
    expect(user.avatar!.publicId).toMatch(new RegExp(`^users/${user.id}/[0-9a-f-]{36}\\.png$`));
    expect(await filesIn(t.dir)).toEqual([user.avatar!.publicId]);
    const session = await t.vault.auth.verifyEmail({ email: 'ada@example.com', code: t.lastCode('ada@example.com') });
    expect(session.user.avatarUrl).toBe(`/uploads/${user.avatar!.publicId}`);
  });

  it('with verification off, the session answer carries the avatarUrl', async () => {
    const t = await makeMediaVault({ auth: { requireEmailVerification: false } });
    const res = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'bo@example.com' }, { name: 'password', value: PASSWORD }, { name: 'avatar', filename: 'a.gif', data: GIF }]) });
    expect(res.status).toBe(201);
    expect(res.json.data.user.avatarUrl).toMatch(/^\/uploads\/users\/.+\.gif$/);
  });

  it('an address that has an account answers the same 202, the file is dropped and the owner keeps their avatar', async () => {
    const t = await makeMediaVault();
    const { caller } = await signUp(t);
    const mine = await t.vault.users.setAvatar({ file: GIF }, { caller });
    const res = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'ada@example.com' }, { name: 'password', value: PASSWORD }, { name: 'avatar', filename: 'x.png', data: PNG }]) });
    expect(res.status).toBe(202);
    expect(res.json.data).toEqual({ message: 'Check your inbox for a verification code' });
    expect(await settle(t.dir, 1)).toEqual([mine.user.avatarUrl!.replace('/uploads/', '')]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar!.url).toBe(mine.user.avatarUrl);
  });

  it("re-registering an unverified address replaces (or clears) the first registrant's avatar", async () => {
    const t = await makeMediaVault();
    const first = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'cy@example.com' }, { name: 'password', value: PASSWORD }, { name: 'avatar', filename: 'x.png', data: PNG }]) });
    expect(first.status).toBe(202);
    const second = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'cy@example.com' }, { name: 'password', value: `${PASSWORD}!` }, { name: 'avatar', filename: 'y.gif', data: GIF }]) });
    expect(second.status).toBe(202);
    const user = (await t.vault.storage.users.findByEmail('cy@example.com'))!;
    expect(user.avatar!.publicId).toMatch(/\.gif$/);
    expect(await settle(t.dir, 1)).toEqual([user.avatar!.publicId]);
    const third = await send(t, 'POST /auth/register', { body: Buffer.from(JSON.stringify({ email: 'cy@example.com', password: PASSWORD })), headers: { 'content-type': 'application/json' } });
    expect(third.status).toBe(202);
    expect((await t.vault.storage.users.findByEmail('cy@example.com'))!.avatar).toBeNull();
    expect(await settle(t.dir, 0)).toEqual([]);
  });

  it('a file that is not an image is 415 for a new and a known address alike, and creates nothing', async () => {
    const t = await makeMediaVault();
    await signUp(t);
    const form = (email: string) => formBody([{ name: 'email', value: email }, { name: 'password', value: PASSWORD }, { name: 'avatar', filename: 'a.png', type: 'image/png', data: ELF }]);
    const known = await send(t, 'POST /auth/register', { body: form('ada@example.com') });
    const fresh = await send(t, 'POST /auth/register', { body: form('new@example.com') });
    expect([known.status, known.json]).toEqual([fresh.status, fresh.json]);
    expect(fresh.status).toBe(415);
    expect(await t.vault.storage.users.findByEmail('new@example.com')).toBeNull();
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a registration that fails after the upload (password too short) removes the file', async () => {
    const t = await makeMediaVault();
    const res = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'dee@example.com' }, { name: 'password', value: 'short' }, { name: 'avatar', filename: 'a.png', data: PNG }]) });
    expect(res.status).toBe(400);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('a multipart registration without an avatar is an ordinary registration', async () => {
    const t = await makeMediaVault();
    const res = await send(t, 'POST /auth/register', { body: formBody([{ name: 'email', value: 'hal@example.com' }, { name: 'password', value: PASSWORD }]) });
    expect(res.status).toBe(202);
    expect((await t.vault.storage.users.findByEmail('hal@example.com'))!.avatar).toBeNull();
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('JSON registration keeps working, and JSON cannot pretend to carry a file', async () => {
    const t = await makeMediaVault();
    const json = (body: unknown) => send(t, 'POST /auth/register', { body: Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json' } });
    expect((await json({ email: 'eve@example.com', password: PASSWORD })).status).toBe(202);
    const smuggled = await json({ email: 'fay@example.com', password: PASSWORD, avatar: 'iVBORw0KGgo=' });
    expect([smuggled.status, smuggled.json.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('vault.auth.register takes the avatar as bytes too', async () => {
    const t = await makeMediaVault();
    await t.vault.auth.register({ email: 'gus@example.com', password: PASSWORD, avatar: PNG });
    expect((await t.vault.storage.users.findByEmail('gus@example.com'))!.avatar).not.toBeNull();
  });

  it('the OpenAPI document offers the multipart form (with avatar) and the JSON body (without)', async () => {
    const t = await makeMediaVault();
    const body = (t.vault.http.openapi() as any).paths['/api/v1/auth/register'].post.requestBody.content;
    expect(body['multipart/form-data'].schema.properties.avatar).toMatchObject({ type: 'string', format: 'binary' });
    expect(body['multipart/form-data'].schema.required).toEqual(['email', 'password']);
    expect(body['application/json'].schema.properties.avatar).toBeUndefined();
  });
});
