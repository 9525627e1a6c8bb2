import { describe, expect, it } from 'vitest';
import { DependencyError, localDiskUploader, memoryStorage, type Uploader } from '../../src/index.js';
import { call, member } from '../helpers/vault.js';
import { filesIn, formBody, GIF, makeMediaVault, PNG, send, tempDir } from '../media/helpers.js';

/** Lets the test break one call of a dependency at a time: `arm('users.delete')` fails the next one. */
function faults() {
  const armed = new Set<string>();
  return {
    arm: (name: string) => armed.add(name),
    /** Throws a DependencyError when `name` is armed (once), else runs `call`. */
    async run<T>(name: string, call: () => Promise<T>): Promise<T> {
      if (armed.delete(name)) throw new DependencyError(name);
      return call();
    },
  };
}

async function brokenVault() {
  const fault = faults();
  const storage = memoryStorage();
  const failingStorage = {
    ...storage,
    users: { ...storage.users, delete: (id: string) => fault.run('users.delete', () => storage.users.delete(id)) },
    assets: { ...storage.assets, deleteMany: (ids: readonly string[]) => fault.run('assets.deleteMany', () => storage.assets.deleteMany(ids)) },
  };
  const dir = await tempDir();
  const disk = localDiskUploader({ directory: dir, baseUrl: '/uploads' });
  let removals = 0;
  const uploader: Uploader = {
    upload: (stream, options) => disk.upload(stream, options),
    // The second removal of a run fails: some files are gone, others are not.
    remove: (publicId, kind) => fault.run(++removals === 2 ? 'uploader.remove' : 'ok', () => disk.remove(publicId, kind)),
  };
  const t = await makeMediaVault({ storage: failingStorage, uploader });
  return Object.assign(t, { dir, fault, resetRemovals: () => (removals = 0) });
}

/** @see issue 11 (deleting a user removes everything; a failure halfway can be retried to completion) */
describe('deleting a user that fails halfway', () => {
  it('throws 503 at each broken step, and the retry after each finishes the whole deletion', async () => {
    const t = await brokenVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    const token = ada.tokens.accessToken;
    const image = (data: Buffer) => formBody([{ name: 'file', filename: 'x', data }]);
    expect((await send(t, 'PUT /users/me/avatar', { token, body: image(PNG) })).status).toBe(200);
    expect((await send(t, 'PUT /users/me/cover', { token, body: image(GIF) })).status).toBe(200);
    for (const data of [PNG, GIF, PNG]) expect((await send(t, 'POST /assets', { token, body: image(data) })).status).toBe(201);
    const bobAsset = (await send(t, 'POST /assets', { token: bob.tokens.accessToken, body: image(PNG) })).json.data.asset;
    await t.vault.channels.subscribe({ username: 'bob' }, { caller: ada.caller });
    await t.vault.channels.subscribe({ username: 'ada' }, { caller: bob.caller });
    expect(await filesIn(t.dir)).toHaveLength(6);
    const deletions: unknown[] = [];
    t.vault.on('user.deleted', (e) => deletions.push(e));

    // 1. The uploader fails on the second file: nothing named by a surviving record is lost.
    t.fault.arm('uploader.remove');
    await expect(t.vault.admin.deleteUser({ id: ada.user.id })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    expect((await call(t, 'GET /users/me', { token })).status).toBe(401);
    // 2. The storage fails to delete the asset records, then 3. to delete the user.
    for (const step of ['assets.deleteMany', 'users.delete']) {
      t.resetRemovals();
      t.fault.arm(step);
      await expect(t.vault.admin.deleteUser({ id: ada.user.id })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(deletions).toEqual([]);
    }

    t.resetRemovals();
    await t.vault.admin.deleteUser({ id: ada.user.id });
    expect(deletions).toEqual([{ userId: ada.user.id, by: null }]);
    expect(await filesIn(t.dir)).toEqual([bobAsset.url.replace('/uploads/', '')]);
    expect((await t.vault.admin.listAssets({})).items.map((a) => a.id)).toEqual([bobAsset.id]);
    const channel = await t.vault.channels.get({ username: 'bob' }, { caller: bob.caller });
    expect(channel).toMatchObject({ subscriberCount: 0, subscriptionCount: 0 });
    await expect(t.vault.admin.deleteUser({ id: ada.user.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
