/*
 * The uploads suite both example servers run (helper, not a test file itself): multipart avatar
 * uploads through each framework to the local-disk uploader under UPLOAD_DIR, and the files
 * served back under /uploads/ with the sniffed type, nosniff, ranges, and no way out of the folder.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localDiskUploader, storeUpload, type OutboxMailer, type Vault } from '@vaultkit/core';
import { rawRequest, requestHead } from './raw-http.js';
import { testEnv, useExampleServers, type StartServer } from './server-suite.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'), Buffer.alloc(1000, 7)]);

/** Signs a fresh user in through the vault and returns a bearer token. */
async function signIn(vault: Vault, outbox: OutboxMailer | null): Promise<string> {
  const email = 'uploader@example.com';
  const password = 'correct horse battery';
  await vault.auth.register({ email, password });
  const code = /\b(\d{6})\b/.exec(outbox!.messages(email)[0]!.text)![1]!;
  return (await vault.auth.verifyEmail({ email, code })).accessToken;
}

/** Defines the suite for one example server. */
export function uploadsSuite(framework: string, startServer: StartServer): void {
  describe(`${framework} example server: uploads`, () => {
    const start = useExampleServers(startServer);
    const dirs: string[] = [];
    afterEach(async () => {
      await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    });
    const startWithUploads = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'vaultkit-example-uploads-'));
      dirs.push(dir);
      const running = await start(testEnv({ UPLOAD_DIR: dir }));
      return { ...running, dir };
    };

    it('PUT /users/me/avatar stores the file under UPLOAD_DIR; /uploads/ serves it with the sniffed type and nosniff', async () => {
      const running = await startWithUploads();
      const token = await signIn(running.vault, running.outbox);
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'text/html' }), '../../index.html');
      const put = await fetch(`${running.url}/api/v1/users/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(put.status).toBe(200);
      const { avatarUrl } = ((await put.json()) as { data: { user: { avatarUrl: string } } }).data.user;
      expect(avatarUrl).toMatch(/^\/uploads\/users\/[0-9a-f-]+\/[0-9a-f-]+\.png$/);
      expect(await readdir(running.dir, { recursive: true })).toContain(avatarUrl.slice('/uploads/'.length));

      const get = await fetch(`${running.url}${avatarUrl}`);
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toBe('image/png');
      expect(get.headers.get('x-content-type-options')).toBe('nosniff');
      expect(get.headers.get('content-disposition')).toBeNull();
      expect(Buffer.from(await get.arrayBuffer())).toEqual(PNG);
      const head = await fetch(`${running.url}${avatarUrl}`, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-length')]).toEqual([200, String(PNG.length)]);
    });

    it('a 5 MiB image streams through the framework to disk whole', async () => {
      const running = await startWithUploads();
      const token = await signIn(running.vault, running.outbox);
      const big = Buffer.alloc(5 * 1024 * 1024, 0x5a);
      PNG.copy(big);
      const form = new FormData();
      form.append('title', 'ignored');
      form.append('file', new Blob([big]), 'big.png');
      const put = await fetch(`${running.url}/api/v1/users/me/cover`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(put.status).toBe(200);
      const { coverUrl } = ((await put.json()) as { data: { user: { coverUrl: string } } }).data.user;
      const get = await fetch(`${running.url}${coverUrl}`);
      expect(Buffer.from(await get.arrayBuffer()).equals(big)).toBe(true);
    });

    it('a body declared far over the limit is refused with 413 before it is sent', async () => {
      const running = await startWithUploads();
      const token = await signIn(running.vault, running.outbox);
      const answer = await rawRequest(running.port, {
        head: requestHead('PUT', '/api/v1/users/me/avatar', {
          authorization: `Bearer ${token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(300 * 1024 * 1024),
        }),
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ status: 'error', code: 'PAYLOAD_TOO_LARGE' });
      expect(answer.closed).toBe(true);
    });

    it('videos are served as attachments and answer byte ranges', async () => {
      const running = await startWithUploads();
      const uploader = localDiskUploader({ directory: running.dir, baseUrl: '/uploads' });
      const ctx = { uploader, config: running.vault.config, logger: { warn() {}, error() {} } };
      const video = await storeUpload(ctx, MP4, { folder: 'users/someone', kinds: ['video'] });
      const get = await fetch(`${running.url}${video.url}`);
      expect(get.headers.get('content-type')).toBe('video/mp4');
      expect(get.headers.get('content-disposition')).toMatch(/^attachment; filename="[0-9a-f-]+\.mp4"$/);
      expect(get.headers.get('x-content-type-options')).toBe('nosniff');
      await get.arrayBuffer();
      const part = await fetch(`${running.url}${video.url}`, { headers: { range: 'bytes=4-11' } });
      expect([part.status, part.headers.get('content-range')]).toEqual([206, `bytes 4-11/${MP4.length}`]);
      expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('ftypisom');
      const beyond = await fetch(`${running.url}${video.url}`, { headers: { range: `bytes=${MP4.length}-` } });
      expect(beyond.status).toBe(416);
    });

    it.each([
      '/uploads/../package.json',
      '/uploads/%2e%2e/%2e%2e/etc/passwd',
      '/uploads/users/x/..%2f..%2fsecret.png',
      '/uploads/secret.txt',
      '/uploads/users/x/missing.png',
      '/uploads/',
    ])('GET %s never reads outside the folder (404 envelope)', async (target) => {
      const running = await startWithUploads();
      await writeFile(join(running.dir, 'secret.txt'), 'not served');
      const answer = await rawRequest(running.port, { head: requestHead('GET', target, { connection: 'close' }) });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
      expect(answer.text).not.toContain('not served');
    });
  });
}
