import { describe, expect } from 'vitest';
import { expectError, expectSuccess, signUp, type Json } from '../flows.js';
import type { Ctx } from '../harness.js';
import { ELF, IMAGE, postAsset, SVG } from '../media-flows.js';
import { BOUNDARY, fileHead, fileOf, filesIn, FORM_TYPE, formBody, sendForm, settledFiles, sized, type Part } from '../multipart.js';
import { disconnectMidUpload, requestHead, streamUntilAnswer } from '../raw-upload.js';
import type { SuiteTools } from '../suite.js';

const AVATAR = 'PUT /users/me/avatar';
const ASSETS = 'POST /assets';
const REG = 'POST /auth/register';
/** A small image limit, so that limit cases cost kilobytes. */
const LIMIT = 64 * 1024;
const SMALL = { vault: { media: { maxBytes: { image: LIMIT } } } };

/** A file part in `file`. */
const file = (data: Uint8Array, filename = 'a.png', type = 'image/png'): Part => ({ name: 'file', filename, type, data });

/** Polls until `check` holds (for a file an upload is still writing); not a timed assertion. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

const avatarOf = async (ctx: Ctx, userId: string) => (await ctx.vault.storage.users.findById(userId))?.avatar ?? null;

/**
 * Hostile uploads over HTTP (issue 11): the type comes from the bytes, never the name or the
 * claimed type; limits hold while the bytes flow; abusive forms are refused; a client that
 * leaves halfway leaves nothing behind.
 */
export function uploadHostileSuite({ start, route }: SuiteTools): void {
  describe('hostile uploads', () => {
    route(REG, ASSETS)('POST /assets - a PNG named .mp4 and sent as video/mp4 is stored as the PNG it is', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const asset = await postAsset(ctx, s, { filename: 'clip.mp4', type: 'video/mp4' });
      expect(asset).toMatchObject({ kind: 'image', format: 'png', bytes: IMAGE.length });
      expect(asset.url).toMatch(/\.png$/);
    });

    route(REG, AVATAR, ASSETS)('an ELF named .png and an SVG with a script are 415 on every upload route; nothing is stored', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      for (const request of [AVATAR, ASSETS]) {
        expectError(await sendForm(ctx, request, { parts: [file(ELF, 'cat.png')], token: s.accessToken }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expectError(await sendForm(ctx, request, { parts: [file(SVG, 'cat.svg', 'image/svg+xml')], token: s.accessToken }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      expect(await filesIn(ctx.uploadDir)).toEqual([]);
      expect(await ctx.vault.storage.assets.count({ ownerId: s.userId })).toBe(0);
    });

    route(REG, AVATAR)('PUT /users/me/avatar - a file of exactly the limit is stored; one byte over is 413 and nothing is kept', async () => {
      const ctx = await start(SMALL);
      const s = await signUp(ctx);
      const over = await sendForm(ctx, AVATAR, { parts: [file(sized(IMAGE, LIMIT + 1))], token: s.accessToken });
      expectError(over, 413, 'PAYLOAD_TOO_LARGE');
      expect(await settledFiles(ctx.uploadDir, 0)).toEqual([]);
      expect(await avatarOf(ctx, s.userId)).toBeNull();
      const user = (expectSuccess(await sendForm(ctx, AVATAR, { parts: [file(sized(IMAGE, LIMIT))], token: s.accessToken })) as Json).user;
      expect(await filesIn(ctx.uploadDir)).toEqual([fileOf(user.avatarUrl)]);
    });

    route(REG, AVATAR)('PUT /users/me/avatar - a 200 MiB stream (no Content-Length) is refused with 413 while the client is still sending', async () => {
      const ctx = await start(SMALL);
      const s = await signUp(ctx);
      const answer = await streamUntilAnswer({
        url: `${ctx.url}${ctx.prefix}/users/me/avatar`,
        method: 'PUT',
        headers: { authorization: `Bearer ${s.accessToken}`, 'content-type': FORM_TYPE },
        head: Buffer.concat([fileHead(), IMAGE]),
        total: 200 * 1024 * 1024, // 200 MiB offered; the answer comes long before
      });
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(answer.sent).toBeLessThan(answer.total);
      expect(await settledFiles(ctx.uploadDir, 0)).toEqual([]);
      expect(await avatarOf(ctx, s.userId)).toBeNull();
    });

    route(REG, AVATAR)('PUT /users/me/avatar - path-traversal and RTL-override file names never reach the URL or the stored name', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const names = ['../../../../etc/passwd.png', '..\\..\\evil.png', 'photo\u202Egnp.exe', '%2e%2e%2fevil.png', '/abs/evil.png'];
      for (const name of names) {
        const user = (expectSuccess(await sendForm(ctx, AVATAR, { parts: [file(IMAGE, name)], token: s.accessToken })) as Json).user;
        expect(user.avatarUrl).toMatch(new RegExp(`^/uploads/users/${s.userId}/[A-Za-z0-9_-]+\\.png$`));
        for (const piece of ['..', 'passwd', 'evil', 'exe', '\u202E', '%2e']) expect(user.avatarUrl).not.toContain(piece);
      }
      const files = await settledFiles(ctx.uploadDir, 1);
      expect(files).toEqual([fileOf((await avatarOf(ctx, s.userId))!.url)]);
      expect(files[0]).toMatch(new RegExp(`^users/${s.userId}/[A-Za-z0-9_-]+\\.png$`));
    });

    route(REG, AVATAR)('PUT /users/me/avatar - a client that disconnects mid-upload: nothing saved, no file left', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const { port } = new URL(ctx.url);
      await disconnectMidUpload({
        port: Number(port),
        head: requestHead('PUT', `${ctx.prefix}/users/me/avatar`, {
          authorization: `Bearer ${s.accessToken}`,
          'content-type': FORM_TYPE,
          'content-length': String(4 * 1024 * 1024),
        }),
        body: [fileHead(), sized(IMAGE, 512 * 1024)],
        // The upload is under way once its partial file exists.
        until: () => until(async () => (await filesIn(ctx.uploadDir)).length === 1),
      });
      expect(await settledFiles(ctx.uploadDir, 0)).toEqual([]);
      expect(await avatarOf(ctx, s.userId)).toBeNull();
    });

    route(REG, AVATAR)('PUT /users/me/avatar - no boundary: 400; too many parts: 413; a text field over the limit: 413', async () => {
      const ctx = await start({ vault: { media: { maxFieldBytes: 1024 } } });
      const s = await signUp(ctx);
      const body = formBody([file(IMAGE)]);
      const call = (headers: Record<string, string>, data = body) => ctx.api('PUT', '/users/me/avatar', { token: s.accessToken, body: data, headers });
      expectError(await call({ 'content-type': 'multipart/form-data' }), 400, 'BAD_REQUEST');
      expectError(await call({ 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body.subarray(0, body.length - 40)), 400, 'BAD_REQUEST');
      const many = Array.from({ length: 1000 }, (_, i): Part => ({ name: `f${i}`, value: 'x' }));
      expectError(await sendForm(ctx, AVATAR, { parts: [...many, file(IMAGE)], token: s.accessToken }), 413, 'PAYLOAD_TOO_LARGE');
      expectError(await sendForm(ctx, AVATAR, { parts: [{ name: 'note', value: 'x'.repeat(2048) }, file(IMAGE)], token: s.accessToken }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await filesIn(ctx.uploadDir)).toEqual([]);
      expect(await avatarOf(ctx, s.userId)).toBeNull();
    });

    route(REG, ASSETS)('POST /assets - a 10 MB text field is 413, refused before the body ends', async () => {
      const ctx = await start();
      const s = await signUp(ctx);
      const field = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n`);
      const answer = await streamUntilAnswer({
        url: `${ctx.url}${ctx.prefix}/assets`,
        method: 'POST',
        headers: { authorization: `Bearer ${s.accessToken}`, 'content-type': FORM_TYPE },
        head: field,
        total: 10 * 1024 * 1024,
      });
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(answer.sent).toBeLessThan(answer.total);
      expect(await ctx.vault.storage.assets.count({ ownerId: s.userId })).toBe(0);
    });
  });
}
