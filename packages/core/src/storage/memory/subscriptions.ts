import type { Page, PageQuery, SubscriptionsRepository } from '../../ports/storage.js';
import { newestFirst, paginate } from './internal.js';

interface Pair {
  subscriberId: string;
  channelId: string;
  at: Date;
}

/**
 * In-memory (subscriber, channel) pairs, unique per pair, indexed from both sides so counts
 * and lists do not scan every pair.
 *
 * @example
 * const subscriptions = memorySubscriptions(); await subscriptions.subscribe(me, channel, new Date());
 */
export function memorySubscriptions(): SubscriptionsRepository {
  const pairs = new Map<string, Pair>();
  /** subscriberId → keys of the pairs it follows. */
  const bySubscriber = new Map<string, Set<string>>();
  /** channelId → keys of the pairs following it. */
  const byChannel = new Map<string, Set<string>>();

  const remove = (key: string): boolean => {
    const pair = pairs.get(key);
    if (!pair) return false;
    pairs.delete(key);
    dropFrom(bySubscriber, pair.subscriberId, key);
    dropFrom(byChannel, pair.channelId, key);
    return true;
  };

  /** The other side's ids, newest pair first, ties by that id descending. */
  const listOf = (keys: Set<string> | undefined, side: (pair: Pair) => string, page: PageQuery): Page<string> => {
    const found = [...(keys ?? [])].map((key) => pairs.get(key)).filter((pair): pair is Pair => pair !== undefined);
    found.sort(newestFirst((pair) => pair.at, side));
    const slice = paginate(found, page);
    return { items: slice.items.map(side), total: slice.total };
  };

  return {
    async subscribe(subscriberId, channelId, at) {
      const key = keyOf(subscriberId, channelId);
      if (pairs.has(key)) return false;
      pairs.set(key, { subscriberId, channelId, at: new Date(at) });
      addTo(bySubscriber, subscriberId, key);
      addTo(byChannel, channelId, key);
      return true;
    },

    async unsubscribe(subscriberId, channelId) {
      return remove(keyOf(subscriberId, channelId));
    },

    async isSubscribed(subscriberId, channelId) {
      return pairs.has(keyOf(subscriberId, channelId));
    },

    async channelStats(channelId, viewerId) {
      return {
        subscribers: byChannel.get(channelId)?.size ?? 0,
        subscriptions: bySubscriber.get(channelId)?.size ?? 0,
        isSubscribed: viewerId !== null && pairs.has(keyOf(viewerId, channelId)),
      };
    },

    async listSubscribers(channelId, page) {
      return listOf(byChannel.get(channelId), (pair) => pair.subscriberId, page);
    },

    async listSubscriptions(subscriberId, page) {
      return listOf(bySubscriber.get(subscriberId), (pair) => pair.channelId, page);
    },

    async deleteByUser(userId) {
      const keys = [...(bySubscriber.get(userId) ?? []), ...(byChannel.get(userId) ?? [])];
      for (const key of keys) remove(key);
    },
  };
}

// --- internal ---

function keyOf(subscriberId: string, channelId: string): string {
  return `${subscriberId}\u0000${channelId}`;
}

function addTo(index: Map<string, Set<string>>, id: string, key: string): void {
  let keys = index.get(id);
  if (!keys) index.set(id, (keys = new Set()));
  keys.add(key);
}

function dropFrom(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  keys?.delete(key);
  if (keys?.size === 0) index.delete(id);
}
