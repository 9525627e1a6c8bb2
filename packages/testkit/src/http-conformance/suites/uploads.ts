import { describe, expect } from 'vitest';
import { expectError, expectSuccess, latestCode, PASSWORD, signUp, toSession, uniqueEmail, type Json } from '../flows.js';
import { IMAGE, VIDEO } from '../media-flows.js';
import { fileOf, filesIn, sendForm, settledFiles } from '../multipart.js';
import type { SuiteTools } from '../suite.js';

const AVATAR = 'PUT /users/me/avatar';
const COVER = 'PUT /users/me/cover';
const REG = 'POST /auth/register';
/** A server-chosen name in the user's folder: no trace of the client's file name. */
const STORED = /^\/uploads\/users\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\.png$/;

/** Profile images over HTTP: avatar and cover, and the optional avatar of a multipart registration. */
export function uploadsSuite({ start, route }: SuiteTools): void {
  describe('profile images', () => {
    route(REG, AVATAR)('PUT /users/me/avatar - stores the image under a server-chosen name; a replacement removes the previous file', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const first = (expectSuccess(await sendForm(ctx, AVATAR, { parts: [{ name: 'file', filename: 'me.png', type: 'image/png', data: IMAGE }], token: s.accessToken })) as Json).user;
      expect(first.avatarUrl).toMatch(STORED);
      expect(first.coverUrl).toBeNull();
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(first.avatarUrl)]);
      const second = (expectSuccess(await sendForm(ctx, AVATAR, { parts: [{ name: 'file', filename: 'me.png', data: IMAGE }], token: s.accessToken })) as Json).user;
      expect(second.avatarUrl).toMatch(STORED);
      expect(second.avatarUrl).not.toBe(first.avatarUrl);
      expect(await settledFiles(ctx.uploadDir, 1)).toEqual([fileOf(second.avatarUrl)]);
      expect((expectSuccess(await ctx.api('GET', '/users/me', { token: s.accessToken })) as Json).user.avatarUrl).toBe(second.avatarUrl);
    });

    route(REG, AVATAR, COVER)('PUT /users/me/cover - sits beside the avatar; a replacement removes only the previous cover', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const avatar = (expectSuccess(await sendForm(ctx, AVATAR, { parts: [{ name: 'file', filename: 'a.png', data: IMAGE }], token: s.accessToken })) as Json).user.avatarUrl;
      const cover = (expectSuccess(await sendForm(ctx, COVER, { parts: [{ name: 'file', filename: 'c.png', data: IMAGE }], token: s.accessToken })) as Json).user;
      expect(cover).toMatchObject({ avatarUrl: avatar, coverUrl: expect.stringMatching(STORED) });
      const again = (expectSuccess(await sendForm(ctx, COVER, { parts: [{ name: 'file', filename: 'c.png', data: IMAGE }], token: s.accessToken })) as Json).user;
      expect(await settledFiles(ctx.uploadDir, 2)).toEqual([fileOf(avatar), fileOf(again.coverUrl)].sort());
    });

    route(REG, AVATAR)('PUT /users/me/avatar - without a token: 401 and nothing stored; a video: 415; no file: 400 on "file"', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      expectError(await sendForm(ctx, AVATAR, { parts: [{ name: 'file', filename: 'a.png', data: IMAGE }] }), 401, 'AUTH_REQUIRED');
      expectError(await sendForm(ctx, AVATAR, { parts: [{ name: 'file', filename: 'a.mp4', type: 'video/mp4', data: VIDEO }], token: s.accessToken }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const none = await sendForm(ctx, AVATAR, { parts: [{ name: 'title', value: 'no file' }], token: s.accessToken });
      expectError(none, 400, 'VALIDATION_FAILED');
      expect(none.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'file' })]));
      expectError(await ctx.api('PUT', '/users/me/avatar', { token: s.accessToken, json: { file: 'abc' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await filesIn(ctx.uploadDir)).toEqual([]);
    });

    route(REG, 'POST /auth/verify-email')('POST /auth/register - a multipart form with an avatar: 202, the verified account has it', async () => {
      const ctx = await start();
      const email = uniqueEmail('avatar');
      const parts = [
        { name: 'email', value: email },
        { name: 'password', value: PASSWORD },
        { name: 'role', value: 'admin' },
        { name: 'avatar', filename: 'me.png', type: 'image/png', data: IMAGE },
      ];
      expect((await sendForm(ctx, REG, { parts })).status).toBe(202);
      const answer = await ctx.api('POST', '/auth/verify-email', { json: { email, code: await latestCode(ctx, email) } });
      const s = toSession(email, answer);
      const user = (answer.body as Json).data.user;
      expect(user).toMatchObject({ role: 'user', avatarUrl: expect.stringMatching(STORED) });
      expect(user.avatarUrl).toContain(`/users/${s.userId}/`);
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(user.avatarUrl)]);
    });

    route(REG)('POST /auth/register - a form without an avatar registers; a file that is no image is 415 and creates nothing', async () => {
      const ctx = await start();
      const plain = uniqueEmail('plain');
      expect((await sendForm(ctx, REG, { parts: [{ name: 'email', value: plain }, { name: 'password', value: PASSWORD }] })).status).toBe(202);
      expect(await ctx.vault.storage.users.findByEmail(plain)).not.toBeNull();
      const hostile = uniqueEmail('hostile');
      const parts = [
        { name: 'email', value: hostile },
        { name: 'password', value: PASSWORD },
        { name: 'avatar', filename: 'me.png', type: 'image/png', data: VIDEO },
      ];
      const answer = await sendForm(ctx, REG, { parts });
      expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await ctx.vault.storage.users.findByEmail(hostile)).toBeNull();
      expect(await filesIn(ctx.uploadDir)).toEqual([]);
    });
  });
}
