import type { VaultContext } from '../context.js';
import { VaultError } from '../errors/vault-error.js';
import type { Page, PageQuery, UserRecord } from '../ports/storage.js';
import { type ChannelUserJson, serializeChannelUser } from '../users/serialize.js';

/** A channel page (DESIGN §7b): the owner's public view and its numbers. */
export interface ChannelJson {
  user: ChannelUserJson;
  subscriberCount: number;
  subscriptionCount: number;
  assetCount: number;
  isSubscribed: boolean;
}

/** The user behind `/channels/:username`; 404 when there is none. */
export async function findChannelOwner(ctx: VaultContext, username: string): Promise<UserRecord> {
  const user = await ctx.storage.users.findByUsername(username);
  if (!user) throw new VaultError('NOT_FOUND', { message: 'Channel not found' });
  return user;
}

/** A channel page; `viewerId` (a signed-in caller, or `null`) decides `isSubscribed`. */
export async function getChannel(ctx: VaultContext, username: string, viewerId: string | null): Promise<ChannelJson> {
  const owner = await findChannelOwner(ctx, username);
  const [stats, assetCount] = await Promise.all([
    ctx.storage.subscriptions.channelStats(owner.id, viewerId),
    ctx.storage.assets.count({ ownerId: owner.id, visibility: 'public' }),
  ]);
  return { user: serializeChannelUser(owner), subscriberCount: stats.subscribers, subscriptionCount: stats.subscriptions, assetCount, isSubscribed: stats.isSubscribed };
}

/**
 * Subscribes (or, with `on: false`, unsubscribes) `subscriberId` to the channel. Idempotent: a
 * repeated call changes nothing and emits nothing. One's own channel is refused (400).
 */
export async function setSubscription(ctx: VaultContext, input: { subscriberId: string; username: string; on: boolean }): Promise<void> {
  const owner = await findChannelOwner(ctx, input.username);
  if (owner.id === input.subscriberId) {
    throw new VaultError('BAD_REQUEST', { message: 'You cannot subscribe to your own channel' });
  }
  const payload = { subscriberId: input.subscriberId, channelId: owner.id };
  if (input.on) {
    if (await ctx.storage.subscriptions.subscribe(input.subscriberId, owner.id, new Date(ctx.clock.now()))) ctx.events.emit('channel.subscribed', payload);
  } else if (await ctx.storage.subscriptions.unsubscribe(input.subscriberId, owner.id)) {
    ctx.events.emit('channel.unsubscribed', payload);
  }
}

/** Who follows the channel, newest first, as public views. */
export async function listSubscribers(ctx: VaultContext, username: string, page: PageQuery): Promise<Page<ChannelUserJson> & PageQuery> {
  const owner = await findChannelOwner(ctx, username);
  const ids = await ctx.storage.subscriptions.listSubscribers(owner.id, page);
  return { items: await publicViews(ctx, ids.items), page: page.page, limit: page.limit, total: ids.total };
}

/** The channels a user follows, newest first, as public views. */
export async function listSubscriptions(ctx: VaultContext, userId: string, page: PageQuery): Promise<Page<ChannelUserJson> & PageQuery> {
  const ids = await ctx.storage.subscriptions.listSubscriptions(userId, page);
  return { items: await publicViews(ctx, ids.items), page: page.page, limit: page.limit, total: ids.total };
}

// --- internal ---

/** The public views of a page of ids in one `findByIds` (no N+1), in the page's order. */
async function publicViews(ctx: VaultContext, ids: string[]): Promise<ChannelUserJson[]> {
  if (ids.length === 0) return [];
  const users = new Map((await ctx.storage.users.findByIds(ids)).map((u) => [u.id, u]));
  // An id whose user vanished between the two reads is left out rather than failing the page.
  return ids.flatMap((id) => {
    const user = users.get(id);
    return user ? [serializeChannelUser(user)] : [];
  });
}
