import { describe, expect, it } from 'vitest';
import { byCodeUnitsDesc, newId, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `subscriptions`: unique (subscriber, channel) pairs, channel stats, lists both ways with ties, cascade delete. */
export function subscriptionsContract(env: ContractEnv): void {
  const subs = () => env.storage.subscriptions;
  const at = (minutes: number) => env.at(minutes * TIME.MINUTE);
  const stats = (channelId: string, viewerId: string | null = null) => subs().channelStats(channelId, viewerId);

  describe('subscriptions', () => {
    it('subscriptions.subscribe - true for a new pair, false for the same pair again', async () => {
      const [me, channel] = [newId(), newId()];
      await expect(subs().subscribe(me, channel, at(0))).resolves.toBe(true);
      await expect(subs().subscribe(me, channel, at(1))).resolves.toBe(false);
      await expect(subs().isSubscribed(me, channel)).resolves.toBe(true);
      await expect(subs().isSubscribed(channel, me)).resolves.toBe(false);
      await expect(stats(channel)).resolves.toEqual({ subscribers: 1, subscriptions: 0, isSubscribed: false });
    });

    it('subscriptions.subscribe - 10 concurrent calls for one pair: exactly one true', async () => {
      const [me, channel] = [newId(), newId()];
      const results = await Promise.all(Array.from({ length: 10 }, () => subs().subscribe(me, channel, at(0))));
      expect(results.filter(Boolean)).toHaveLength(1);
      await expect(stats(channel)).resolves.toEqual({ subscribers: 1, subscriptions: 0, isSubscribed: false });
    });

    it('subscriptions.unsubscribe - true when the pair existed, then false', async () => {
      const [me, channel] = [newId(), newId()];
      await subs().subscribe(me, channel, at(0));
      await expect(subs().unsubscribe(me, channel)).resolves.toBe(true);
      await expect(subs().unsubscribe(me, channel)).resolves.toBe(false);
      await expect(subs().isSubscribed(me, channel)).resolves.toBe(false);
    });

    it('subscriptions.channelStats - whether the viewer follows the channel; false for a null viewer', async () => {
      const [me, channel, stranger] = [newId(), newId(), newId()];
      await subs().subscribe(me, channel, at(0));
      await subs().subscribe(channel, me, at(1));
      await expect(stats(channel, me)).resolves.toEqual({ subscribers: 1, subscriptions: 1, isSubscribed: true });
      await expect(stats(channel, stranger)).resolves.toEqual({ subscribers: 1, subscriptions: 1, isSubscribed: false });
      await expect(stats(channel, null)).resolves.toEqual({ subscribers: 1, subscriptions: 1, isSubscribed: false });
      await expect(stats(me, channel)).resolves.toEqual({ subscribers: 1, subscriptions: 1, isSubscribed: true });
    });

    it('subscriptions.listSubscribers - equal dates: ties by subscriber id descending; listSubscriptions by channel id', async () => {
      const [channel, me] = [newId(), newId()];
      const fans = Array.from({ length: 5 }, () => newId());
      const followed = Array.from({ length: 5 }, () => newId());
      for (const fan of fans) await subs().subscribe(fan, channel, at(0));
      for (const c of followed) await subs().subscribe(me, c, at(0));
      const pages = async (list: (page: number) => Promise<{ items: string[] }>) => (await Promise.all([1, 2, 3].map(list))).flatMap((p) => p.items);
      await expect(pages((page) => subs().listSubscribers(channel, { page, limit: 2 }))).resolves.toEqual([...fans].sort(byCodeUnitsDesc));
      await expect(pages((page) => subs().listSubscriptions(me, { page, limit: 2 }))).resolves.toEqual([...followed].sort(byCodeUnitsDesc));
    });

    it('subscriptions.channelStats - subscribers and subscriptions of one user', async () => {
      const [me, a, b, c] = [newId(), newId(), newId(), newId()];
      await subs().subscribe(me, a, at(0));
      await subs().subscribe(me, b, at(1));
      await subs().subscribe(c, me, at(2));
      await expect(stats(me)).resolves.toEqual({ subscribers: 1, subscriptions: 2, isSubscribed: false });
      await expect(stats(newId())).resolves.toEqual({ subscribers: 0, subscriptions: 0, isSubscribed: false });
    });

    it('subscriptions.listSubscribers - subscriber ids of a channel, newest first, paged', async () => {
      const channel = newId();
      const fans = [newId(), newId(), newId()];
      for (const [i, fan] of fans.entries()) await subs().subscribe(fan, channel, at(i));
      await subs().subscribe(fans[0]!, newId(), at(5));
      await expect(subs().listSubscribers(channel, { page: 1, limit: 2 })).resolves.toEqual({ items: [fans[2], fans[1]], total: 3 });
      await expect(subs().listSubscribers(channel, { page: 2, limit: 2 })).resolves.toEqual({ items: [fans[0]], total: 3 });
    });

    it('subscriptions.listSubscriptions - channel ids a user follows, newest first, paged', async () => {
      const me = newId();
      const channels = [newId(), newId(), newId()];
      for (const [i, channel] of channels.entries()) await subs().subscribe(me, channel, at(i));
      await subs().subscribe(newId(), channels[0]!, at(5));
      await expect(subs().listSubscriptions(me, { page: 1, limit: 2 })).resolves.toEqual({ items: [channels[2], channels[1]], total: 3 });
      await expect(subs().listSubscriptions(me, { page: 2, limit: 2 })).resolves.toEqual({ items: [channels[0]], total: 3 });
    });

    it('subscriptions.deleteByUser - removes every pair on either side, nothing else', async () => {
      const [me, a, b, x, y] = [newId(), newId(), newId(), newId(), newId()];
      await subs().subscribe(me, a, at(0));
      await subs().subscribe(b, me, at(1));
      await subs().subscribe(x, y, at(2));
      await subs().deleteByUser(me);
      await expect(stats(me)).resolves.toEqual({ subscribers: 0, subscriptions: 0, isSubscribed: false });
      await expect(stats(a)).resolves.toEqual({ subscribers: 0, subscriptions: 0, isSubscribed: false });
      await expect(stats(b)).resolves.toEqual({ subscribers: 0, subscriptions: 0, isSubscribed: false });
      await expect(subs().isSubscribed(x, y)).resolves.toBe(true);
      await expect(subs().deleteByUser(me)).resolves.toBeUndefined();
    });
  });
}
