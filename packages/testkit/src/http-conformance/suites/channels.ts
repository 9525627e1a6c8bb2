import { describe, expect } from 'vitest';
import { expectError, expectSuccess, signUp, type Json } from '../flows.js';
import type { Ctx } from '../harness.js';
import { postAsset, record, setUsername } from '../media-flows.js';
import type { SuiteTools } from '../suite.js';
import { USER_FIELDS } from './register.js';

const REG = 'POST /auth/register';
const SUB = 'POST /channels/:username/subscription';
const UNSUB = 'DELETE /channels/:username/subscription';
/** A channel's public user view: the user without email, role, verification and two-factor state. */
const PUBLIC_FIELDS = USER_FIELDS.filter((f) => !['email', 'role', 'emailVerified', 'twoFactorEnabled'].includes(f));

/** Channels and subscriptions over HTTP. */
export function channelsSuite({ start, route }: SuiteTools): void {
  describe('channels', () => {
    route(REG, 'GET /channels/:username', SUB)('GET /channels/:username - the public view and counts; isSubscribed for a signed-in viewer only', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      const fan = await signUp(ctx);
      await setUsername(ctx, owner, 'channel_owner');
      await setUsername(ctx, fan, 'channel_fan');
      const withAssets = routeServed(ctx, 'POST /assets');
      if (withAssets) {
        await postAsset(ctx, owner, { visibility: 'public' });
        await postAsset(ctx, owner, { visibility: 'private' });
      }
      expect((await ctx.api('POST', '/channels/channel_owner/subscription', { token: fan.accessToken })).status).toBe(200);
      const anonymous = expectSuccess(await ctx.api('GET', '/channels/channel_owner')) as Json;
      expect(Object.keys(anonymous.user).sort()).toEqual(PUBLIC_FIELDS);
      expect(anonymous).toMatchObject({ user: { id: owner.userId, username: 'channel_owner' }, subscriberCount: 1, subscriptionCount: 0, isSubscribed: false });
      expect(anonymous.assetCount).toBe(withAssets ? 1 : 0);
      expect(expectSuccess(await ctx.api('GET', '/channels/channel_owner', { token: fan.accessToken }))).toMatchObject({ isSubscribed: true });
      expect(expectSuccess(await ctx.api('GET', '/channels/channel_owner', { token: owner.accessToken }))).toMatchObject({ isSubscribed: false });
      expect(expectSuccess(await ctx.api('GET', '/channels/channel_fan'))).toMatchObject({ subscriberCount: 0, subscriptionCount: 1 });
      expectError(await ctx.api('GET', '/channels/nobody_here'), 404, 'NOT_FOUND');
    });

    route(REG, SUB, UNSUB, 'GET /channels/:username')('POST/DELETE /channels/:username/subscription - idempotent; each change emits one event', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      const fan = await signUp(ctx);
      await setUsername(ctx, owner, 'idem_owner');
      const subscribed = record(ctx, 'channel.subscribed');
      const unsubscribed = record(ctx, 'channel.unsubscribed');
      for (let i = 0; i < 2; i += 1) expectSuccess(await ctx.api('POST', '/channels/idem_owner/subscription', { token: fan.accessToken }));
      expect(expectSuccess(await ctx.api('GET', '/channels/idem_owner'))).toMatchObject({ subscriberCount: 1 });
      expect(subscribed).toEqual([{ subscriberId: fan.userId, channelId: owner.userId }]);
      for (let i = 0; i < 2; i += 1) expectSuccess(await ctx.api('DELETE', '/channels/idem_owner/subscription', { token: fan.accessToken }));
      expect(expectSuccess(await ctx.api('GET', '/channels/idem_owner'))).toMatchObject({ subscriberCount: 0 });
      expect(unsubscribed).toEqual([{ subscriberId: fan.userId, channelId: owner.userId }]);
    });

    route(REG, SUB, UNSUB)('POST /channels/:username/subscription - to oneself is 400; to an unknown channel 404; anonymous 401', async () => {
      const ctx = await start();
      const owner = await signUp(ctx);
      await setUsername(ctx, owner, 'self_owner');
      expectError(await ctx.api('POST', '/channels/self_owner/subscription', { token: owner.accessToken }), 400, 'BAD_REQUEST');
      expectError(await ctx.api('POST', '/channels/SELF_OWNER/subscription', { token: owner.accessToken }), 400, 'BAD_REQUEST');
      expectError(await ctx.api('DELETE', '/channels/self_owner/subscription', { token: owner.accessToken }), 400, 'BAD_REQUEST');
      expectError(await ctx.api('POST', '/channels/nobody_here/subscription', { token: owner.accessToken }), 404, 'NOT_FOUND');
      expectError(await ctx.api('POST', '/channels/self_owner/subscription'), 401, 'AUTH_REQUIRED');
      expect(await ctx.vault.storage.subscriptions.isSubscribed(owner.userId, owner.userId)).toBe(false);
    });

    route(REG, SUB, 'GET /channels/:username/subscribers', 'GET /users/me/subscriptions')(
      'GET /channels/:username/subscribers and /users/me/subscriptions - public views, newest first, paginated',
      async () => {
        const ctx = await start();
        const owner = await signUp(ctx);
        await setUsername(ctx, owner, 'popular_one');
        const fans = [];
        for (let i = 0; i < 3; i += 1) {
          const fan = await signUp(ctx);
          await setUsername(ctx, fan, `fan_number_${i}`);
          expectSuccess(await ctx.api('POST', '/channels/popular_one/subscription', { token: fan.accessToken }));
          fans.push(fan);
        }
        const page = expectSuccess(await ctx.api('GET', '/channels/popular_one/subscribers', { token: owner.accessToken })) as Json;
        expect(page).toMatchObject({ page: 1, limit: 20, total: 3 });
        expect(page.items.map((u: Json) => u.id)).toEqual(fans.map((f) => f.userId).reverse());
        for (const item of page.items) expect(Object.keys(item).sort()).toEqual(PUBLIC_FIELDS);
        const last = expectSuccess(await ctx.api('GET', '/channels/popular_one/subscribers?page=2&limit=2', { token: fans[0]!.accessToken })) as Json;
        expect(last.items.map((u: Json) => u.id)).toEqual([fans[0]!.userId]);
        expect((expectSuccess(await ctx.api('GET', '/channels/popular_one/subscribers?page=3&limit=2', { token: owner.accessToken })) as Json).items).toEqual([]);
        expectError(await ctx.api('GET', '/channels/popular_one/subscribers?page=0', { token: owner.accessToken }), 400, 'VALIDATION_FAILED');
        expectError(await ctx.api('GET', '/channels/popular_one/subscribers'), 401, 'AUTH_REQUIRED');
        expectError(await ctx.api('GET', '/channels/nobody_here/subscribers', { token: owner.accessToken }), 404, 'NOT_FOUND');
        const mine = expectSuccess(await ctx.api('GET', '/users/me/subscriptions', { token: fans[1]!.accessToken })) as Json;
        expect(mine).toMatchObject({ total: 1, items: [{ id: owner.userId, username: 'popular_one' }] });
        expect(Object.keys(mine.items[0]).sort()).toEqual(PUBLIC_FIELDS);
        expect(expectSuccess(await ctx.api('GET', '/users/me/subscriptions', { token: owner.accessToken }))).toMatchObject({ items: [], total: 0 });
        expectError(await ctx.api('GET', '/users/me/subscriptions?limit=x', { token: owner.accessToken }), 400, 'VALIDATION_FAILED');
      },
    );
  });
}

/** Whether the vault behind `ctx` serves `request` (an optional part of a test). */
function routeServed(ctx: Ctx, request: string): boolean {
  return ctx.vault.http.routes.some((r) => `${r.method} ${r.path}` === request);
}
