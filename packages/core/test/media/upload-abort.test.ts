import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DependencyError, memoryStorage, storeUpload, type Uploader, type VaultResponse } from '../../src/index.js';
import { toVaultRequest, writeVaultResponse } from '../../src/node/index.js';
import { BOUNDARY, filesIn, formBody, makeMediaVault, PNG, send, sized, tokenOf, uploadContext } from './helpers.js';

const FILE_HEAD = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`);

/** Resolves once `check` holds (polled): for waiting on files that a stream is writing. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** @see issue 11 */
describe('an upload that does not finish leaves nothing behind', () => {
  it('the client stream failing mid-upload: the partial file is removed, no metadata saved', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const body = new PassThrough();
    body.write(FILE_HEAD);
    body.write(sized(PNG, 256 * 1024));
    const answer = send(t, 'PUT /users/me/avatar', { token, body });
    // The partial file is on disk: the upload is under way.
    await until(async () => (await filesIn(t.dir)).length === 1);
    body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const res = await answer;
    expect([res.status, res.json.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar).toBeNull();
  });

  it('a real client disconnecting mid-upload over HTTP: nothing on disk, no metadata', async () => {
    const t = await makeMediaVault();
    const token = await tokenOf(t);
    const route = t.vault.routes.find((r) => r.path === '/users/me/avatar')!;
    let handled!: (response: VaultResponse) => void;
    const done = new Promise<VaultResponse>((resolve) => (handled = resolve));
    server = createServer(async (req, res) => {
      const response = await t.vault.http.handle(route, toVaultRequest(req, {}, req));
      handled({ ...response });
      writeVaultResponse(res, response);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `PUT /api/v1/users/me/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(FILE_HEAD);
    socket.write(sized(PNG, 512 * 1024));
    await until(async () => (await filesIn(t.dir)).length === 1);
    socket.destroy();
    const response = await done;
    expect(response.status).toBe(400);
    expect(await filesIn(t.dir)).toEqual([]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar).toBeNull();
  });

  it('saving the reference fails after the upload: the file is removed again (503)', async () => {
    const storage = memoryStorage();
    const t = await makeMediaVault({
      storage: {
        ...storage,
        users: {
          ...storage.users,
          replaceMedia: async () => {
            throw new DependencyError('storage');
          },
        },
      },
    });
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]) });
    expect([res.status, res.json.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(await filesIn(t.dir)).toEqual([]);
  });

  it('an uploader that fails: 503, its error logged, nothing saved', async () => {
    const logged: unknown[] = [];
    const broken: Uploader = {
      upload: async (stream: Readable) => {
        stream.resume();
        throw new Error('disk on fire');
      },
      remove: async () => {},
    };
    const t = await makeMediaVault({ uploader: broken, logger: { warn: () => {}, error: (_m, e) => logged.push(e) } });
    const token = await tokenOf(t);
    const res = await send(t, 'PUT /users/me/avatar', { token, body: formBody([{ name: 'file', filename: 'a.png', data: PNG }]) });
    expect([res.status, res.json.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
    expect(JSON.stringify(res.json)).not.toContain('disk on fire');
    expect(logged).toEqual([expect.objectContaining({ message: 'disk on fire' })]);
    expect((await t.vault.storage.users.findByEmail('ada@example.com'))!.avatar).toBeNull();
  });

  it('an uploader that ignores the abort and resolves: its file is removed and the 413 stands', async () => {
    const removed: string[] = [];
    const careless: Uploader = {
      upload: (stream: Readable) =>
        new Promise((resolve) => {
          // Reads until the stream stops for any reason, then claims success.
          stream.on('data', () => {});
          stream.on('close', () => resolve({ publicId: 'users/x/careless.png', url: '/uploads/users/x/careless.png', bytes: 1, format: 'png' }));
        }),
      remove: async (publicId) => {
        removed.push(publicId);
      },
    };
    const t = await makeMediaVault({ uploader: careless, media: { maxBytes: { image: 1024 } } });
    const ctx = uploadContext({ uploader: careless, vault: t.vault });
    const bytes = sized(PNG, 4096);
    const source = Readable.from([bytes.subarray(0, 512), bytes.subarray(512, 1024), bytes.subarray(1024)], { objectMode: false });
    await expect(storeUpload(ctx, source, { folder: 'users/x', kinds: ['image'] })).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(removed).toEqual(['users/x/careless.png']);
  });
});
