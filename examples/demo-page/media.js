// The demo page's Media section: the signed-in user's avatar and cover, and their images and
// videos (upload, list, show one, delete). Uploads are multipart/form-data built with FormData.
import { callSignedIn } from './api.js';
import { $, assetTitle, el, formatBytes, mediaElement } from './dom.js';
import { SESSION_EVENT, failed, refuse, setStatus, showProfile, submitting } from './view.js';

/** The user whose assets are listed (the list is reloaded when someone else signs in). */
let listedFor = null;

// --- avatar and cover -----------------------------------------------------------------------

function showPicture(which, url) {
  const img = $(`${which}-image`);
  if (url) {
    if (img.getAttribute('src') !== url) img.src = url;
  } else {
    img.removeAttribute('src');
  }
  img.hidden = !url;
  $(`${which}-none`).hidden = Boolean(url);
}

/** `which` is `avatar` or `cover`: PUT /users/me/avatar|cover with the multipart field `file`. */
function onPicture(which) {
  return async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    await submitting(form, async () => {
      const file = $(`${which}-file`).files[0];
      if (!file) return refuse(`Choose an image for your ${which} first.`);
      const data = new FormData();
      data.append('file', file);
      setStatus(`Uploading your ${which}…`);
      const result = await callSignedIn(`/users/me/${which}`, { method: 'PUT', form: data });
      if (!result.ok) return failed(result);
      form.reset();
      setStatus(which === 'avatar' ? 'Avatar saved.' : 'Cover saved.');
      // The answer is the updated user: the profile and both pictures follow it.
      showProfile(result.body.data.user);
    });
  };
}

// --- assets ---------------------------------------------------------------------------------

async function onUploadAsset(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await submitting(form, async () => {
    const file = $('asset-file').files[0];
    if (!file) return refuse('Choose an image or a video first.');
    const title = $('asset-name').value.trim();
    // The text fields go before the file: the server streams the file and refuses fields after it.
    const data = new FormData();
    if (title) data.append('title', title);
    const description = $('asset-description').value.trim();
    if (description) data.append('description', description);
    data.append('visibility', $('asset-visibility').value);
    data.append('file', file);
    setStatus(`Uploading ${file.name}…`);
    const result = await callSignedIn('/assets', { method: 'POST', form: data });
    if (!result.ok) return failed(result);
    form.reset();
    const asset = result.body.data.asset;
    setStatus(`Uploaded “${asset.title || file.name}” (${asset.kind}, ${asset.format}).`);
    await loadAssets();
  });
}

async function loadAssets() {
  const result = await callSignedIn('/assets?limit=50');
  if (!result.ok) return failed(result);
  const { items, total } = result.body.data;
  $('assets-total').textContent = `(${total})`;
  const list = $('asset-list');
  list.replaceChildren(...items.map(renderAsset));
  if (items.length === 0) list.append(el('li', 'Nothing uploaded yet.', 'hint'));
}

function assetFacts(asset) {
  return `${asset.kind} · ${asset.format} · ${formatBytes(asset.bytes)} · ${asset.visibility}`;
}

function renderAsset(asset) {
  const title = assetTitle(asset);
  const li = el('li', undefined, 'asset');
  li.dataset.assetId = asset.id;
  const text = el('div');
  text.append(el('strong', title), el('span', assetFacts(asset), 'hint'));
  const show = el('button', 'Show', 'secondary');
  show.type = 'button';
  show.setAttribute('aria-label', `Show ${title}`);
  show.addEventListener('click', () => showAsset(asset.id));
  const remove = el('button', 'Delete', 'secondary');
  remove.type = 'button';
  remove.setAttribute('aria-label', `Delete ${title}`);
  remove.addEventListener('click', () => deleteAsset(asset, remove));
  const actions = el('div', undefined, 'actions');
  actions.append(show, remove);
  li.append(mediaElement(asset, 'thumb'), text, actions);
  return li;
}

/** GET /assets/:id, shown below the list. */
async function showAsset(id) {
  const result = await callSignedIn(`/assets/${encodeURIComponent(id)}`);
  if (!result.ok) return failed(result);
  const asset = result.body.data.asset;
  const detail = $('asset-detail');
  detail.dataset.assetId = asset.id;
  $('asset-detail-title').textContent = assetTitle(asset);
  $('asset-detail-media').replaceChildren(mediaElement(asset, 'full'));
  $('asset-detail-description').textContent = asset.description || 'No description.';
  const facts = [
    ['Kind', asset.kind],
    ['Format', asset.format],
    ['Size', formatBytes(asset.bytes)],
    ...(asset.width && asset.height ? [['Dimensions', `${asset.width} × ${asset.height}`]] : []),
    ...(asset.duration ? [['Duration', `${asset.duration.toFixed(1)} s`]] : []),
    ['Visibility', asset.visibility],
    ['Uploaded', new Date(asset.createdAt).toLocaleString()],
  ];
  $('asset-detail-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', term), el('dd', value)]));
  detail.hidden = false;
  detail.scrollIntoView({ block: 'nearest' });
}

function closeAsset() {
  const detail = $('asset-detail');
  detail.hidden = true;
  delete detail.dataset.assetId;
  $('asset-detail-media').replaceChildren();
}

/** DELETE /assets/:id (the file goes with it), then the list again. */
async function deleteAsset(asset, button) {
  button.disabled = true;
  const result = await callSignedIn(`/assets/${encodeURIComponent(asset.id)}`, { method: 'DELETE' });
  button.disabled = false;
  if (!result.ok) return failed(result);
  if ($('asset-detail').dataset.assetId === asset.id) closeAsset();
  setStatus(`Deleted “${asset.title || `untitled ${asset.kind}`}”.`);
  await loadAssets();
}

// --- session --------------------------------------------------------------------------------

function onSession(event) {
  const { user } = event.detail;
  if (!user) {
    listedFor = null;
    showPicture('avatar', null);
    showPicture('cover', null);
    $('asset-list').replaceChildren();
    $('assets-total').textContent = '';
    closeAsset();
    return;
  }
  showPicture('avatar', user.avatarUrl);
  showPicture('cover', user.coverUrl);
  if (listedFor !== user.id) {
    listedFor = user.id;
    closeAsset();
    loadAssets();
  }
}

/** Wires the section; it fills itself whenever someone signs in. */
export function startMedia() {
  $('avatar-form').addEventListener('submit', onPicture('avatar'));
  $('cover-form').addEventListener('submit', onPicture('cover'));
  $('asset-form').addEventListener('submit', onUploadAsset);
  $('asset-detail-close').addEventListener('click', closeAsset);
  document.addEventListener(SESSION_EVENT, onSession);
}
