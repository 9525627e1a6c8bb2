// The demo page's calls to the vault routes, with the session cookies of this origin.
import { showRateLimit } from './view.js';

const API = '/api/v1';

/** Calls a vault route (`path` under the API prefix); see `request`. */
export function call(path, options) {
  return request(`${API}${path}`, options);
}

/**
 * Fetches with the cookies of this origin. Resolves `{ ok, status, body }` (the envelope) and
 * shows the rate-limit headers of limited routes. `body` is sent as JSON, `form` (a FormData)
 * as multipart/form-data: the browser writes the content type with its boundary itself.
 */
export async function request(url, { method = 'GET', body, form } = {}) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (form !== undefined) {
    init.body = form;
  } else if (body !== undefined) {
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
export async function callSignedIn(path, options) {
  const first = await call(path, options);
  if (first.status !== 401) return first;
  const refreshed = await call('/auth/refresh-token', { method: 'POST', body: {} });
  return refreshed.ok ? call(path, options) : first;
}
