// What the demo page shows: views, status, errors, rate-limit line and the profile.
import { $ } from './dom.js';

const VIEWS = {
  'signed-out': ['register', 'sign-in'],
  verify: ['verify'],
  'login-code': ['login-code'],
  'signed-in': ['profile', 'media', 'channels'],
};

/** Fired on `document` with `detail.user` (null when signed out): media.js and channels.js follow it. */
export const SESSION_EVENT = 'vault:session';

export function showView(view, user) {
  const visible = new Set(VIEWS[view]);
  for (const id of ['register', 'sign-in', 'verify', 'login-code', 'profile', 'media', 'channels']) $(id).hidden = !visible.has(id);
  $('session-state').textContent = user ? `Signed in as ${user.email}` : 'Signed out';
  $('session-state').classList.toggle('on', Boolean(user));
  document.dispatchEvent(new CustomEvent(SESSION_EVENT, { detail: { user } }));
}

export function setStatus(text) {
  const status = $('status');
  status.textContent = text;
  status.hidden = !text;
}

export function clearError() {
  $('error').hidden = true;
  $('error-message').textContent = '';
  $('error-details').replaceChildren();
}

/** Shows an error envelope: its message, the field details, and when to retry after a 429. */
export function showError(result) {
  const body = result.body ?? {};
  setStatus('');
  let message = body.message ?? `Request failed (${result.status})`;
  if (body.retryAfterFormatted) message += ` Try again in ${body.retryAfterFormatted}.`;
  $('error-message').textContent = message;
  const items = (body.details ?? []).map((detail) => {
    const li = document.createElement('li');
    li.textContent = detail.path ? `${detail.path}: ${detail.message}` : detail.message;
    return li;
  });
  $('error-details').replaceChildren(...items);
  $('error').hidden = false;
  // The message sits at the top: bring it into view after a refusal further down the page.
  $('error').scrollIntoView({ block: 'nearest' });
}

export function showRateLimit(headers) {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  if (limit === null || remaining === null) return;
  const reset = Number(headers.get('x-ratelimit-reset'));
  const at = Number.isFinite(reset) && reset > 0 ? ` (window resets at ${new Date(reset * 1000).toLocaleTimeString()})` : '';
  const line = $('rate-limit');
  line.textContent = `Rate limit of the last request: ${remaining} of ${limit} left${at}.`;
  line.hidden = false;
}

export function showProfile(user) {
  $('profile-email').textContent = user.email;
  $('profile-name').textContent = user.name ?? '—';
  $('profile-username').textContent = user.username ?? '—';
  $('profile-bio').textContent = user.bio ?? '—';
  $('profile-role').textContent = user.role;
  $('profile-verified').textContent = user.emailVerified ? 'yes' : 'no';
  $('edit-name').value = user.name ?? '';
  $('edit-username').value = user.username ?? '';
  $('edit-bio').value = user.bio ?? '';
  showView('signed-in', user);
}

/** Shows an error of the page itself (no request was made) like an envelope. */
export function refuse(message) {
  showError({ status: 0, body: { message } });
}

/**
 * Shows a failed call's error; a 401 (the session ended and could not be refreshed) also shows
 * the signed-out view.
 */
export function failed(result) {
  if (result.status === 401) showView('signed-out', null);
  showError(result);
}

/** Runs `work` with the form's buttons disabled and the last error cleared. */
export async function submitting(form, work) {
  const buttons = form.querySelectorAll('button');
  for (const button of buttons) button.disabled = true;
  clearError();
  try {
    await work();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}
