import { describe, expect, it } from 'vitest';
import { call, makeVault, member } from '../helpers/vault.js';

/** @see issue 11 (channels) */
describe('channels', () => {
  it('GET /channels/:username - public view and counts; isSubscribed follows the signed-in viewer', async () => {
    const t = makeVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    const anonymous = await call(t, 'GET /channels/ada');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json.data).toMatchObject({ user: { id: ada.user.id, username: 'ada' }, subscriberCount: 0, subscriptionCount: 0, assetCount: 0, isSubscribed: false });
    for (const field of ['email', 'role', 'emailVerified', 'twoFactorEnabled']) expect(anonymous.json.data.user).not.toHaveProperty(field);

    const events: unknown[] = [];
    t.vault.on('channel.subscribed', (p) => events.push(p));
    expect((await call(t, 'POST /channels/ada/subscription', { token: bob.tokens.accessToken })).status).toBe(200);
    expect((await call(t, 'POST /channels/ada/subscription', { token: bob.tokens.accessToken })).status).toBe(200); // idempotent
    expect(events).toEqual([{ subscriberId: bob.user.id, channelId: ada.user.id }]);

    const seen = await call(t, 'GET /channels/ada', { token: bob.tokens.accessToken });
    expect(seen.json.data).toMatchObject({ subscriberCount: 1, subscriptionCount: 0, isSubscribed: true });
    expect((await call(t, 'GET /channels/ada')).json.data.isSubscribed).toBe(false);
    expect((await t.vault.channels.get({ username: 'bob' })).subscriptionCount).toBe(1);
  });

  it('DELETE /channels/:username/subscription - idempotent; emits once', async () => {
    const t = makeVault();
    await member(t, 'ada');
    const bob = await member(t, 'bob');
    const events: unknown[] = [];
    t.vault.on('channel.unsubscribed', (p) => events.push(p));
    await t.vault.channels.subscribe({ username: 'ada' }, { caller: bob.caller });
    expect((await call(t, 'DELETE /channels/ada/subscription', { token: bob.tokens.accessToken })).status).toBe(200);
    expect((await call(t, 'DELETE /channels/ada/subscription', { token: bob.tokens.accessToken })).status).toBe(200);
    expect(events).toHaveLength(1);
    expect((await t.vault.channels.get({ username: 'ada' })).subscriberCount).toBe(0);
  });

  it('refuses subscribing to oneself (400) and answers 404 for an unknown username', async () => {
    const t = makeVault();
    const ada = await member(t, 'ada');
    const self = await call(t, 'POST /channels/ada/subscription', { token: ada.tokens.accessToken });
    expect(self.status).toBe(400);
    expect(self.json.code).toBe('BAD_REQUEST');
    expect((await t.vault.channels.get({ username: 'ada' })).subscriberCount).toBe(0);
    expect((await call(t, 'GET /channels/nobody')).status).toBe(404);
    expect((await call(t, 'POST /channels/nobody/subscription', { token: ada.tokens.accessToken })).status).toBe(404);
    expect((await call(t, 'GET /channels/nobody/subscribers', { token: ada.tokens.accessToken })).status).toBe(404);
    expect((await call(t, 'POST /channels/ada/subscription')).status).toBe(401);
  });

  it('lists subscribers and subscriptions as public views, paginated, newest first', async () => {
    const t = makeVault();
    const ada = await member(t, 'ada');
    const fans = [];
    for (const name of ['bob', 'cyd', 'dee']) {
      const fan = await member(t, name);
      await t.vault.channels.subscribe({ username: 'ada' }, { caller: fan.caller });
      t.clock.advance(1000);
      fans.push(fan);
    }
    const first = await call(t, 'GET /channels/ada/subscribers', { token: ada.tokens.accessToken, query: { page: '1', limit: '2' } });
    expect(first.status).toBe(200);
    expect(first.json.data).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(first.json.data.items.map((u: { username: string }) => u.username)).toEqual(['dee', 'cyd']);
    expect(first.json.data.items[0]).not.toHaveProperty('email');
    const past = await call(t, 'GET /channels/ada/subscribers', { token: ada.tokens.accessToken, query: { page: '9', limit: '2' } });
    expect(past.json.data).toMatchObject({ items: [], page: 9, total: 3 });
    const capped = await call(t, 'GET /channels/ada/subscribers', { token: ada.tokens.accessToken, query: { limit: '1000' } });
    expect(capped.json.data.limit).toBe(100);
    expect((await call(t, 'GET /channels/ada/subscribers', { token: ada.tokens.accessToken, query: { page: '0' } })).status).toBe(400);

    const mine = await call(t, 'GET /users/me/subscriptions', { token: fans[0]!.tokens.accessToken });
    expect(mine.json.data).toMatchObject({ page: 1, limit: 20, total: 1, items: [{ id: ada.user.id, username: 'ada' }] });
  });

  it('loads the public views of a page in one users.findByIds call', async () => {
    const t = makeVault();
    const ada = await member(t, 'ada');
    for (const name of ['bob', 'cyd', 'dee']) await t.vault.channels.subscribe({ username: 'ada' }, { caller: (await member(t, name)).caller });
    const users = t.vault.storage.users;
    let byIds = 0;
    let byId = 0;
    const findByIds = users.findByIds.bind(users);
    const findById = users.findById.bind(users);
    users.findByIds = (ids) => (byIds++, findByIds(ids));
    users.findById = (id) => (byId++, findById(id));
    const page = await t.vault.channels.listSubscribers({ username: 'ada' }, { caller: ada.caller });
    expect(page.items).toHaveLength(3);
    expect([byIds, byId]).toEqual([1, 0]);
  });

  it('deleting a user removes their subscriptions both ways', async () => {
    const t = makeVault();
    const ada = await member(t, 'ada');
    const bob = await member(t, 'bob');
    await t.vault.channels.subscribe({ username: 'ada' }, { caller: bob.caller });
    await t.vault.channels.subscribe({ username: 'bob' }, { caller: ada.caller });
    await t.vault.admin.deleteUser({ id: bob.user.id });
    expect(await t.vault.channels.get({ username: 'ada' })).toMatchObject({ subscriberCount: 0, subscriptionCount: 0 });
    expect((await call(t, 'GET /channels/bob')).status).toBe(404);
  });
});
