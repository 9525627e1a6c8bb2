import type { Page, PageQuery } from './page.js';

/* The assets and subscriptions repositories (general rules in ../storage.ts). */

export type AssetKind = 'image' | 'video';
export type AssetVisibility = 'public' | 'private';

export interface AssetRecord {
  id: string;
  ownerId: string;
  publicId: string;
  url: string;
  kind: AssetKind;
  format: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Seconds, may have a fraction (store a double). */
  duration: number | null;
  title: string;
  description: string;
  visibility: AssetVisibility;
  createdAt: Date;
  updatedAt: Date;
}

export interface AssetListQuery extends PageQuery {
  ownerId?: string;
  visibility?: AssetVisibility;
}

/** Uploaded-file metadata (the files themselves live with the uploader). */
export interface AssetsRepository {
  /** Inserts (core never reuses an id). */
  create(asset: AssetRecord): Promise<void>;
  /** `null` when not found. */
  findById(id: string): Promise<AssetRecord | null>;
  /** Filters combine with AND (none: every asset); newest first (`createdAt`, ties by id descending), paged. */
  list(query: AssetListQuery): Promise<Page<AssetRecord>>;
  /** How many assets `ownerId` has (only those with `visibility`, when given); 0 when none. */
  count(query: { ownerId: string; visibility?: AssetVisibility }): Promise<number>;
  /**
   * Deletes one asset and returns the deleted record (to remove its remote file without another
   * read); `null` when it was not there. Of two concurrent deletes of one id, one gets the record.
   */
  delete(id: string): Promise<AssetRecord | null>;
  /** Deletes the given ids; returns the records that existed, each once, in any order (`[]` for `[]`). */
  deleteMany(ids: readonly string[]): Promise<AssetRecord[]>;
  /** Deletes every asset of an owner; returns the deleted records in any order (to remove remote files). */
  deleteByOwner(ownerId: string): Promise<AssetRecord[]>;
}


/** One channel page's numbers. */
export interface ChannelStats {
  /** Users who follow the channel. */
  subscribers: number;
  /** Channels the channel's owner follows. */
  subscriptions: number;
  /** Whether the viewer follows the channel. */
  isSubscribed: boolean;
}

/** (subscriberId, channelId) pairs, unique per pair, each with the time `at` it was made. */
export interface SubscriptionsRepository {
  /**
   * Atomic insert-if-absent: `true` when the pair was created, `false` when it already existed
   * (then nothing changes, not even `at`); of N concurrent calls for one pair exactly one is `true`.
   */
  subscribe(subscriberId: string, channelId: string, at: Date): Promise<boolean>;
  /** `true` when the pair existed and was removed, `false` when there was no such pair. */
  unsubscribe(subscriberId: string, channelId: string): Promise<boolean>;
  isSubscribed(subscriberId: string, channelId: string): Promise<boolean>;
  /**
   * One round trip for a channel page: how many follow `channelId`, how many it follows, and
   * whether `viewerId` follows it (`false` when `viewerId` is `null`). Zeros for an unknown id.
   */
  channelStats(channelId: string, viewerId: string | null): Promise<ChannelStats>;
  /** Subscriber ids of a channel, newest pair first (`at`, ties by subscriber id descending), paged. */
  listSubscribers(channelId: string, page: PageQuery): Promise<Page<string>>;
  /** Channel ids a user follows, newest pair first (`at`, ties by channel id descending), paged. */
  listSubscriptions(subscriberId: string, page: PageQuery): Promise<Page<string>>;
  /** Removes every pair in which the user is either side. Idempotent. */
  deleteByUser(userId: string): Promise<void>;
}
