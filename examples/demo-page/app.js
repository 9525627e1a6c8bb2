// vaultkit demo page: plain ES module, no framework, no build. It talks to the vault routes with
// the session cookies (same origin) and reads OTP codes from the server's dev inbox.

const API = '/api/v1';

const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
};

const state = {
  /** The address being verified after registering. */
  pendingEmail: null,
  /** The login challenge waiting for its code. */
  challengeId: null,
};

// --- talking to the API ---------------------------------------------------------------------

/** Calls a vault route (`path` under the API prefix); see `request`. */
function call(path, options) {
  return request(`${API}${path}`, options);
}

/**
 * Fetches with the cookies of this origin. Resolves `{ ok, status, body }` (the envelope) and
 * shows the rate-limit headers of limited routes.
 */
async function request(url, { method = 'GET', body } = {}) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, body: { status: 'error', code: 'NETWORK', message: 'The server cannot be reached' } };
  }
  showRateLimit(response.headers);
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { status: 'error', message: `Unexpected answer (${response.status})` };
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

/** Like `call`, but after a 401 tries the refresh cookie once and repeats the request. */
async function callSignedIn(path, options) {
  const first = await call(path, options);
  if (first.status !== 401) return first;
  const refreshed = await call('/auth/refresh-token', { method: 'POST', body: {} });
  return refreshed.ok ? call(path, options) : first;
}

// --- what the page shows --------------------------------------------------------------------

const VIEWS = {
  'signed-out': ['register', 'sign-in'],
  verify: ['verify'],
  'login-code': ['login-code'],
  'signed-in': ['profile'],
};

function showView(view, user) {
  const visible = new Set(VIEWS[view]);
  for (const id of ['register', 'sign-in', 'verify', 'login-code', 'profile']) $(id).hidden = !visible.has(id);
  $('session-state').textContent = user ? `Signed in as ${user.email}` : 'Signed out';
  $('session-state').classList.toggle('on', Boolean(user));
}

function setStatus(text) {
  const status = $('status');
  status.textContent = text;
  status.hidden = !text;
}

function clearError() {
  $('error').hidden = true;
  $('error-message').textContent = '';
  $('error-details').replaceChildren();
}

/** Shows an error envelope: its message, the field details, and when to retry after a 429. */
function showError(result) {
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
}

function showRateLimit(headers) {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  if (limit === null || remaining === null) return;
  const reset = Number(headers.get('x-ratelimit-reset'));
  const at = Number.isFinite(reset) && reset > 0 ? ` (window resets at ${new Date(reset * 1000).toLocaleTimeString()})` : '';
  const line = $('rate-limit');
  line.textContent = `Rate limit of the last request: ${remaining} of ${limit} left${at}.`;
  line.hidden = false;
}

function showProfile(user) {
  $('profile-email').textContent = user.email;
  $('profile-name').textContent = user.name ?? '—';
  $('profile-username').textContent = user.username ?? '—';
  $('profile-bio').textContent = user.bio ?? '—';
  $('profile-role').textContent = user.role;
  $('profile-verified').textContent = user.emailVerified ? 'yes' : 'no';
  $('edit-name').value = user.name ?? '';
  $('edit-bio').value = user.bio ?? '';
  showView('signed-in', user);
}

function signedOut() {
  state.pendingEmail = null;
  state.challengeId = null;
  showView('signed-out', null);
}

// --- dev inbox ------------------------------------------------------------------------------

const CODE = /\b(\d{6})\b/;

async function refreshInbox() {
  const address = $('inbox-address').value.trim();
  if (!address) return;
  const result = await request(`/dev/outbox?to=${encodeURIComponent(address)}`);
  if (result.status === 404) {
    $('inbox-code').textContent = 'dev inbox not available (production, or a real mailer)';
    return;
  }
  if (!result.ok) {
    showError(result);
    return;
  }
  const messages = result.body.data;
  const withCode = messages.find((m) => CODE.test(m.text));
  const code = withCode ? CODE.exec(withCode.text)[1] : null;
  $('inbox-code').textContent = code ?? 'none yet';
  $('inbox-use-code').disabled = code === null;
  $('inbox-messages').replaceChildren(...messages.map(renderMessage));
}

function renderMessage(message) {
  const li = document.createElement('li');
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = `${message.subject} · ${new Date(message.sentAt).toLocaleTimeString()}`;
  const text = document.createElement('pre');
  // textContent only: a mail body is never inserted as HTML.
  text.textContent = message.text;
  details.append(summary, text);
  li.append(details);
  return li;
}

function watchInbox(address) {
  $('inbox-address').value = address;
  $('inbox-code').textContent = 'checking…';
  return refreshInbox();
}

// --- flows ----------------------------------------------------------------------------------

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

async function submitting(form, work) {
  const buttons = form.querySelectorAll('button');
  for (const button of buttons) button.disabled = true;
  clearError();
  try {
    await work();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

async function onRegister(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const { email, password, name } = formValues(form);
    const body = { email: email.trim(), password };
    if (name.trim()) body.name = name.trim();
    setStatus('Creating your account…');
    const result = await call('/auth/register', { method: 'POST', body });
    if (!result.ok) return showError(result);
    if (result.status === 201) {
      // Email verification is off on this server: already signed in.
      setStatus('Account created. You are signed in.');
      return showProfile(result.body.data.user);
    }
    state.pendingEmail = body.email;
    $('verify-address').textContent = body.email;
    form.reset();
    showView('verify', null);
    setStatus(result.body.message ?? 'Check your inbox for the code.');
    await watchInbox(body.email);
    $('verify-code').focus();
  });
}

async function onVerify(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const { code } = formValues(form);
    const result = await call('/auth/verify-email', { method: 'POST', body: { email: state.pendingEmail, code: code.trim() } });
    if (!result.ok) return showError(result);
    form.reset();
    state.pendingEmail = null;
    setStatus('Email verified. You are signed in.');
    showProfile(result.body.data.user);
  });
}

async function onResend() {
  if (!state.pendingEmail) return;
  clearError();
  const result = await call('/auth/resend-otp', { method: 'POST', body: { purpose: 'verify-email', email: state.pendingEmail } });
  if (!result.ok) return showError(result);
  setStatus(result.body.message ?? 'A new code is on its way.');
  await refreshInbox();
}

async function onLogin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const { identifier, password } = formValues(form);
    setStatus('Signing in…');
    const result = await call('/auth/login', { method: 'POST', body: { identifier: identifier.trim(), password } });
    if (!result.ok) return showError(result);
    form.reset();
    if (result.status === 202) {
      state.challengeId = result.body.data.challengeId;
      showView('login-code', null);
      setStatus('Password accepted. Enter the code we emailed you.');
      if (identifier.includes('@')) await watchInbox(identifier.trim());
      $('login-code-input').focus();
      return;
    }
    setStatus('You are signed in.');
    showProfile(result.body.data.user);
  });
}

async function onLoginCode(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const { code } = formValues(form);
    const result = await call('/auth/login/verify', { method: 'POST', body: { challengeId: state.challengeId, code: code.trim() } });
    if (!result.ok) return showError(result);
    form.reset();
    state.challengeId = null;
    setStatus('You are signed in.');
    showProfile(result.body.data.user);
  });
}

async function onEdit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const { name, bio } = formValues(form);
    const body = { name: name.trim() || null, bio: bio.trim() || null };
    const result = await callSignedIn('/users/me', { method: 'PATCH', body });
    if (result.status === 401) {
      signedOut();
      return showError(result);
    }
    if (!result.ok) return showError(result);
    setStatus('Profile saved.');
    showProfile(result.body.data.user);
  });
}

async function onLogout() {
  clearError();
  const result = await callSignedIn('/auth/logout', { method: 'POST' });
  if (!result.ok && result.status !== 401) return showError(result);
  setStatus('You are signed out.');
  signedOut();
}

function useInboxCode() {
  const code = $('inbox-code').textContent.trim();
  if (!/^\d{6}$/.test(code)) return;
  const field = $('login-code').hidden ? $('verify-code') : $('login-code-input');
  field.value = code;
  field.focus();
}

// --- start ----------------------------------------------------------------------------------

async function start() {
  $('register-form').addEventListener('submit', onRegister);
  $('verify-form').addEventListener('submit', onVerify);
  $('verify-resend').addEventListener('click', onResend);
  $('verify-cancel').addEventListener('click', signedOut);
  $('login-form').addEventListener('submit', onLogin);
  $('login-code-form').addEventListener('submit', onLoginCode);
  $('login-code-cancel').addEventListener('click', signedOut);
  $('edit-form').addEventListener('submit', onEdit);
  $('logout').addEventListener('click', onLogout);
  $('inbox-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    refreshInbox();
  });
  $('inbox-use-code').addEventListener('click', useInboxCode);

  // Still signed in from an earlier visit? (The access cookie, or the refresh cookie.)
  const me = await callSignedIn('/users/me');
  if (me.ok) showProfile(me.body.data.user);
  else signedOut();
}

start();
