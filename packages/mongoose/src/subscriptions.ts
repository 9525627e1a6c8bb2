// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { PageQuery, SubscriptionsRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { aggregateAll, pageOf } from './internal.js';
import { pairKey, type SubscriptionDoc } from './schemas/subscriptions.js';

/**
 * (subscriber, channel) pairs keyed by `_id`, so the pair is unique and `subscribe` is an
 * insert whose duplicate-key error means "already there". `channelStats` is one aggregation:
 * the pairs on either side of the channel, counted per side in a `$facet`.
 *
 * @example
 * const subscriptions = mongooseSubscriptions(collectionsOf(vaultkitModels(connection)).subscriptions);
 */
export function mongooseSubscriptions(subscriptions: mongo.Collection<SubscriptionDoc>): SubscriptionsRepository {
  const listed = (field: 'subscriberId' | 'channelId', filter: mongo.Filter<SubscriptionDoc>, page: PageQuery) =>
    pageOf({
      collection: subscriptions,
      filter,
      // Newest pair first, ties by the listed id descending (the index's own order).
      sort: { at: -1, [field]: -1 },
      query: page,
      map: (doc) => doc[field],
    });

  return {
    async subscribe(subscriberId, channelId, at) {
      try {
        await subscriptions.insertOne({ _id: pairKey(subscriberId, channelId), subscriberId, channelId, at });
        return true;
      } catch (error) {
        // Of N concurrent inserts of one pair, the server lets exactly one through.
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async unsubscribe(subscriberId, channelId) {
      return (await subscriptions.deleteOne({ _id: pairKey(subscriberId, channelId) })).deletedCount === 1;
    },

    async isSubscribed(subscriberId, channelId) {
      return (await subscriptions.countDocuments({ _id: pairKey(subscriberId, channelId) }, { limit: 1 })) > 0;
    },

    async channelStats(channelId, viewerId) {
      const facets: Record<string, mongo.Document[]> = {
        subscribers: [{ $match: { channelId } }, { $count: 'n' }],
        subscriptions: [{ $match: { subscriberId: channelId } }, { $count: 'n' }],
      };
      if (viewerId !== null) facets.viewer = [{ $match: { _id: pairKey(viewerId, channelId) } }, { $count: 'n' }];
      const [row] = await aggregateAll<StatsRow, SubscriptionDoc>(subscriptions, [
        // Both sides through their own index; only the fields the facets read go on.
        { $match: { $or: [{ channelId }, { subscriberId: channelId }] } },
        { $project: { subscriberId: 1, channelId: 1 } },
        { $facet: facets },
      ]);
      // `$count` over nothing yields no document, hence the zeros.
      const count = (name: string) => Number(row?.[name]?.[0]?.n ?? 0);
      return { subscribers: count('subscribers'), subscriptions: count('subscriptions'), isSubscribed: count('viewer') > 0 };
    },

    listSubscribers: (channelId, page) => listed('subscriberId', { channelId }, page),
    listSubscriptions: (subscriberId, page) => listed('channelId', { subscriberId }, page),

    async deleteByUser(userId) {
      await subscriptions.deleteMany({ $or: [{ subscriberId: userId }, { channelId: userId }] });
    },
  };
}

// --- internal ---

/** The one document of the `$facet`: each facet a `[{ n }]`, or `[]` when it counted nothing. */
type StatsRow = Record<string, Array<{ n: number }>>;
