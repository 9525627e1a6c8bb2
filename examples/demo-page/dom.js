// The demo page's DOM access: a lookup that fails loudly when the page and the script drift, and
// element builders that only ever set text as text.

/** The element with this id (throws when the page has none). */
export const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
};

/** A new element with its text set as text (never parsed as HTML) and these class names. */
export function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** The asset's title, or a stand-in naming its kind when it has none. */
export function assetTitle(asset) {
  return asset.title || `Untitled ${asset.kind}`;
}

/**
 * An <img> or a <video> showing an asset. The URL is set as a property (an image or a video
 * source never runs script) and the title only as alt text.
 */
export function mediaElement(asset, className) {
  const label = assetTitle(asset);
  if (asset.kind === 'video') {
    const video = el('video', undefined, className);
    video.controls = true;
    video.preload = 'metadata';
    video.src = asset.url;
    video.setAttribute('aria-label', label);
    return video;
  }
  const img = el('img', undefined, className);
  img.alt = label;
  img.src = asset.url;
  return img;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
