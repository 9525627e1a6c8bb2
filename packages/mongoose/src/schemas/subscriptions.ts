// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { Schema } from 'mongoose';
import { SCHEMA_OPTIONS } from './options.js';

/** One (subscriber, channel) pair; `_id` makes the pair unique. */
export interface SubscriptionDoc {
  /** `<subscriberId>:<channelId>` (ids are `A-Z a-z 0-9 _ -`, so `:` separates them unambiguously). */
  _id: string;
  subscriberId: string;
  channelId: string;
  at: Date;
}

export const SUBSCRIPTION_INDEXES = {
  /** `listSubscribers` and the subscriber count: newest pair first, ties by subscriber id. */
  channelNewest: 'channel_newest',
  /** `listSubscriptions` and the subscription count: newest pair first, ties by channel id. */
  subscriberNewest: 'subscriber_newest',
} as const;

export const pairKey = (subscriberId: string, channelId: string): string => `${subscriberId}:${channelId}`;

export const subscriptionSchema = new Schema<SubscriptionDoc>(
  {
    _id: { type: String, required: true },
    subscriberId: { type: String, required: true },
    channelId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

subscriptionSchema.index({ channelId: 1, at: -1, subscriberId: -1 }, { name: SUBSCRIPTION_INDEXES.channelNewest });
subscriptionSchema.index({ subscriberId: 1, at: -1, channelId: -1 }, { name: SUBSCRIPTION_INDEXES.subscriberNewest });
