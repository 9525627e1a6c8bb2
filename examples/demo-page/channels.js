// The demo page's Channels section: open a user's channel by username (counts, public assets),
// subscribe or unsubscribe, and list the channels the signed-in user follows.
import { call, callSignedIn } from './api.js';
import { $, assetTitle, el, mediaElement } from './dom.js';
import { SESSION_EVENT, failed, refuse, setStatus, submitting } from './view.js';

/** The signed-in user (to tell their own channel apart) and the channel on screen. */
const state = { viewerId: null, channel: null };

function channelPath(username) {
  return `/channels/${encodeURIComponent(username)}`;
}

function displayName(user) {
  return user.name ? `${user.name} (@${user.username})` : `@${user.username}`;
}

// --- one channel ----------------------------------------------------------------------------

/** GET /channels/:username (counts, isSubscribed for the viewer); false when it failed. */
async function loadChannel(username) {
  const result = await callSignedIn(channelPath(username));
  if (!result.ok) {
    failed(result);
    return false;
  }
  renderChannel(result.body.data);
  return true;
}

/** The channel and its public assets. */
async function openChannel(username) {
  if (!(await loadChannel(username))) return;
  const assets = await call(`${channelPath(username)}/assets?limit=50`);
  if (!assets.ok) return failed(assets);
  const list = $('channel-assets');
  list.replaceChildren(...assets.body.data.items.map(renderPublicAsset));
  if (assets.body.data.items.length === 0) list.append(el('li', 'No public assets yet.', 'hint'));
}

function renderChannel(channel) {
  state.channel = channel;
  const { user } = channel;
  $('channel-title').textContent = displayName(user);
  $('channel-bio').textContent = user.bio ?? '';
  const avatar = $('channel-avatar');
  if (user.avatarUrl) avatar.src = user.avatarUrl;
  else avatar.removeAttribute('src');
  avatar.hidden = !user.avatarUrl;
  $('channel-subscribers').textContent = String(channel.subscriberCount);
  $('channel-subscriptions').textContent = String(channel.subscriptionCount);
  $('channel-asset-count').textContent = String(channel.assetCount);
  const button = $('channel-subscribe');
  // Nobody subscribes to their own channel (the server answers 400).
  button.hidden = user.id === state.viewerId;
  button.textContent = channel.isSubscribed ? 'Unsubscribe' : 'Subscribe';
  $('channel').hidden = false;
}

function renderPublicAsset(asset) {
  const li = el('li', undefined, 'asset');
  li.append(mediaElement(asset, 'thumb'), el('strong', assetTitle(asset)));
  return li;
}

async function onOpen(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const username = $('channel-username').value.trim().replace(/^@/, '');
    if (!username) return refuse('Type a username first.');
    await openChannel(username);
  });
}

/**
 * POST or DELETE /channels/:username/subscription, then the counts and my list again (the
 * channel's assets do not change, so they are not fetched again).
 */
async function onToggleSubscription() {
  const channel = state.channel;
  if (!channel) return;
  const button = $('channel-subscribe');
  button.disabled = true;
  try {
    const method = channel.isSubscribed ? 'DELETE' : 'POST';
    const result = await callSignedIn(`${channelPath(channel.user.username)}/subscription`, { method });
    if (!result.ok) return failed(result);
    setStatus(result.body.message ?? (method === 'POST' ? 'Subscribed.' : 'Unsubscribed.'));
    await Promise.all([loadChannel(channel.user.username), loadSubscriptions()]);
  } finally {
    button.disabled = false;
  }
}

// --- my subscriptions -----------------------------------------------------------------------

async function loadSubscriptions() {
  const result = await callSignedIn('/users/me/subscriptions?limit=50');
  if (!result.ok) return failed(result);
  const { items, total } = result.body.data;
  $('subscriptions-total').textContent = `(${total})`;
  const list = $('subscriptions');
  list.replaceChildren(...items.map(renderSubscription));
  if (items.length === 0) list.append(el('li', 'You follow no channel yet.', 'hint'));
}

function renderSubscription(user) {
  const li = el('li');
  const open = el('button', displayName(user), 'link');
  open.type = 'button';
  open.addEventListener('click', () => {
    $('channel-username').value = user.username;
    openChannel(user.username);
  });
  li.append(open);
  return li;
}

// --- session --------------------------------------------------------------------------------

function onSession(event) {
  const { user } = event.detail;
  const viewerId = user?.id ?? null;
  if (viewerId === state.viewerId) return;
  state.viewerId = viewerId;
  state.channel = null;
  $('channel').hidden = true;
  $('channel-assets').replaceChildren();
  $('subscriptions').replaceChildren();
  $('subscriptions-total').textContent = '';
  if (user) loadSubscriptions();
}

/** Wires the section; it fills itself whenever someone signs in. */
export function startChannels() {
  $('channel-form').addEventListener('submit', onOpen);
  $('channel-subscribe').addEventListener('click', onToggleSubscription);
  document.addEventListener(SESSION_EVENT, onSession);
}
