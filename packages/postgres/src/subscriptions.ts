// @vaultkit/postgres: reaches core only through `@vaultkit/core` (never its files).
import type { Page, PageQuery, SubscriptionsRepository } from '@vaultkit/core';
import type { Db } from './db.js';
import { countOf, type Counted, pageBounds, pageOf } from './internal.js';
import type { Tables } from './tables.js';

/**
 * (subscriber, channel) pairs in `<prefix>subscriptions`, unique through the primary key:
 * `subscribe` is `INSERT … ON CONFLICT DO NOTHING`, so of concurrent calls for one pair exactly
 * one answers `true`. Lists are newest first, ties by the listed id descending; an index per
 * direction serves them and the counts.
 *
 * @example
 * const subscriptions = postgresSubscriptions(createDb(pool), tables);
 * await subscriptions.channelStats(channelId, viewerId);
 */
export function postgresSubscriptions(db: Db, t: Tables): SubscriptionsRepository {
  /** Pages of the ids on side `listed` of the pairs whose side `fixed` is `id`. */
  const listOf = (fixed: Side, listed: Side) => async (id: string, page: PageQuery): Promise<Page<string>> => {
    const { limit, offset } = pageBounds(page);
    const rows = await db.rows<{ id: string } & Counted>(
      `SELECT ${listed} AS id, count(*) OVER () AS total FROM ${t.subscriptions} WHERE ${fixed} = $1
       ORDER BY created_at DESC, ${listed} DESC LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    return pageOf(rows, (row) => row.id, () => countOf(db, `SELECT count(*) AS n FROM ${t.subscriptions} WHERE ${fixed} = $1`, [id]));
  };

  return {
    async subscribe(subscriberId, channelId, at) {
      const inserted = await db.count(
        `INSERT INTO ${t.subscriptions} (subscriber_id, channel_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [subscriberId, channelId, at],
      );
      return inserted === 1;
    },

    async unsubscribe(subscriberId, channelId) {
      return (await db.count(`DELETE FROM ${t.subscriptions} WHERE subscriber_id = $1 AND channel_id = $2`, [subscriberId, channelId])) > 0;
    },

    async isSubscribed(subscriberId, channelId) {
      const [row] = await db.rows<{ found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${t.subscriptions} WHERE subscriber_id = $1 AND channel_id = $2) AS found`,
        [subscriberId, channelId],
      );
      return row?.found === true;
    },

    async channelStats(channelId, viewerId) {
      // One statement, three index lookups; a NULL viewer matches no pair.
      const [row] = await db.rows<{ subscribers: string; subscriptions: string; is_subscribed: boolean }>(
        `SELECT (SELECT count(*) FROM ${t.subscriptions} WHERE channel_id = $1) AS subscribers,
                (SELECT count(*) FROM ${t.subscriptions} WHERE subscriber_id = $1) AS subscriptions,
                EXISTS (SELECT 1 FROM ${t.subscriptions} WHERE subscriber_id = $2 AND channel_id = $1) AS is_subscribed`,
        [channelId, viewerId],
      );
      return {
        subscribers: Number(row?.subscribers ?? 0),
        subscriptions: Number(row?.subscriptions ?? 0),
        isSubscribed: row?.is_subscribed === true,
      };
    },

    listSubscribers: listOf('channel_id', 'subscriber_id'),
    listSubscriptions: listOf('subscriber_id', 'channel_id'),

    async deleteByUser(userId) {
      await db.count(`DELETE FROM ${t.subscriptions} WHERE subscriber_id = $1 OR channel_id = $1`, [userId]);
    },
  };
}

// --- internal ---

type Side = 'subscriber_id' | 'channel_id';
