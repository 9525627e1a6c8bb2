// vaultkit demo page: plain ES module, no framework, no build. It talks to the vault routes with
// the session cookies (same origin) and reads OTP codes from the server's dev inbox.

import { call, callSignedIn, request } from './api.js';
import { $ } from './dom.js';
import { clearError, setStatus, showError, showProfile, showView, submitting } from './view.js';
import { startMedia } from './media.js';
import { startChannels } from './channels.js';

const state = {
  /** The address being verified after registering. */
  pendingEmail: null,
  /** The login challenge waiting for its code. */
  challengeId: null,
};

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
    const { name, username, bio } = formValues(form);
    const body = { name: name.trim() || null, bio: bio.trim() || null };
    // A username can be set or changed, not removed: an empty field leaves it as it is.
    if (username.trim()) body.username = username.trim().toLowerCase();
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
  startMedia();
  startChannels();

  // Still signed in from an earlier visit? (The access cookie, or the refresh cookie.)
  const me = await callSignedIn('/users/me');
  if (me.ok) showProfile(me.body.data.user);
  else signedOut();
}

start();
