import { describe, expect, it } from 'vitest';
import { newId, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `subscriptions`: unique (subscriber, channel) pairs, counts, lists both ways, cascade delete. */
export function subscriptionsContract(env: ContractEnv): void {
  const subs = () => env.storage.subscriptions;
  const at = (minutes: number) => new Date(env.clock.now() + minutes * TIME.MINUTE);

  describe('subscriptions', () => {
    it('subscriptions.subscribe - true for a new pair, false for the same pair again', async () => {
      const [me, channel] = [newId(), newId()];
      await expect(subs().subscribe(me, channel, at(0))).resolves.toBe(true);
      await expect(subs().subscribe(me, channel, at(1))).resolves.toBe(false);
      await expect(subs().isSubscribed(me, channel)).resolves.toBe(true);
      await expect(subs().isSubscribed(channel, me)).resolves.toBe(false);
      await expect(subs().counts(channel)).resolves.toEqual({ subscribers: 1, subscriptions: 0 });
    });

    it('subscriptions.subscribe - 10 concurrent calls for one pair: exactly one true', async () => {
      const [me, channel] = [newId(), newId()];
      const results = await Promise.all(Array.from({ length: 10 }, () => subs().subscribe(me, channel, at(0))));
      expect(results.filter(Boolean)).toHaveLength(1);
      await expect(subs().counts(channel)).resolves.toEqual({ subscribers: 1, subscriptions: 0 });
    });

    it('subscriptions.unsubscribe - true when the pair existed, then false', async () => {
      const [me, channel] = [newId(), newId()];
      await subs().subscribe(me, channel, at(0));
      await expect(subs().unsubscribe(me, channel)).resolves.toBe(true);
      await expect(subs().unsubscribe(me, channel)).resolves.toBe(false);
      await expect(subs().isSubscribed(me, channel)).resolves.toBe(false);
    });

    it('subscriptions.counts - subscribers and subscriptions of one user', async () => {
      const [me, a, b, c] = [newId(), newId(), newId(), newId()];
      await subs().subscribe(me, a, at(0));
      await subs().subscribe(me, b, at(1));
      await subs().subscribe(c, me, at(2));
      await expect(subs().counts(me)).resolves.toEqual({ subscribers: 1, subscriptions: 2 });
      await expect(subs().counts(newId())).resolves.toEqual({ subscribers: 0, subscriptions: 0 });
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
      await expect(subs().counts(me)).resolves.toEqual({ subscribers: 0, subscriptions: 0 });
      await expect(subs().counts(a)).resolves.toEqual({ subscribers: 0, subscriptions: 0 });
      await expect(subs().counts(b)).resolves.toEqual({ subscribers: 0, subscriptions: 0 });
      await expect(subs().isSubscribed(x, y)).resolves.toBe(true);
      await expect(subs().deleteByUser(me)).resolves.toBeUndefined();
    });
  });
}
