import { z } from 'zod';
import { getChannel, listSubscribers, listSubscriptions, setSubscription } from '../channels/channels.js';
import { defineOperation } from './define.js';
import { messageJson } from './effects.js';
import { pageQuery } from './pagination.js';
import { channelShape, channelUserShape, listShape, messageShape } from './shapes.js';
import { signedIn } from './signed-in.js';

/** The `:username` of the channel routes. Any text: a name that cannot exist is simply not found (404), as an unknown one. */
export const channelInput = z.object({ username: z.string().trim().min(1).max(64) });
const WRITE = 'subscriptions:write';

/** Channels and subscriptions: `vault.channels.*`, `/channels/:username…` and `/users/me/subscriptions`. */
export const channelOperations = [
  defineOperation({
    name: 'channels.get', summary: "A user's channel: public view, subscriber and asset counts, isSubscribed for a signed-in viewer",
    auth: 'optional', rateLimit: 'general', input: channelInput, output: { 200: channelShape }, errors: ['NOT_FOUND'],
    http: { method: 'GET', path: '/channels/:username' },
    run: (vault, input, call) => getChannel(vault, input.username, call.caller?.id ?? null),
  }),
  defineOperation({
    name: 'channels.subscribe', summary: 'Subscribe to a channel (idempotent; never to oneself)', auth: 'user', permission: WRITE,
    rateLimit: 'general', input: channelInput, output: { 200: messageShape }, errors: ['NOT_FOUND', 'BAD_REQUEST'],
    http: { method: 'POST', path: '/channels/:username/subscription', body: 'none' },
    async run(vault, input, call) {
      await setSubscription(vault, { subscriberId: signedIn(call).userId, username: input.username, on: true });
      return messageJson('Subscribed');
    },
  }),
  defineOperation({
    name: 'channels.unsubscribe', summary: 'Unsubscribe from a channel (idempotent)', auth: 'user', permission: WRITE,
    rateLimit: 'general', input: channelInput, output: { 200: messageShape }, errors: ['NOT_FOUND', 'BAD_REQUEST'],
    http: { method: 'DELETE', path: '/channels/:username/subscription' },
    async run(vault, input, call) {
      await setSubscription(vault, { subscriberId: signedIn(call).userId, username: input.username, on: false });
      return messageJson('Unsubscribed');
    },
  }),
  defineOperation({
    name: 'channels.listSubscribers', summary: "A channel's subscribers, newest first (public views)", auth: 'user', permission: 'profile:read',
    rateLimit: 'general', input: channelInput.extend(pageQuery.shape), output: { 200: listShape(channelUserShape) }, errors: ['NOT_FOUND'],
    http: { method: 'GET', path: '/channels/:username/subscribers' },
    run: (vault, input) => listSubscribers(vault, input.username, { page: input.page, limit: input.limit }),
  }),
  defineOperation({
    name: 'channels.listMySubscriptions', summary: 'The channels the signed-in user follows, newest first (public views)', auth: 'user',
    permission: 'profile:read', rateLimit: 'general', input: pageQuery, output: { 200: listShape(channelUserShape) },
    http: { method: 'GET', path: '/users/me/subscriptions' },
    run: (vault, input, call) => listSubscriptions(vault, signedIn(call).userId, input),
  }),
] as const;
