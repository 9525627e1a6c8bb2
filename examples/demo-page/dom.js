// The demo page's DOM access: one helper that fails loudly when the page and the script drift.

/** The element with this id (throws when the page has none). */
export const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
};
