/**
 * The query string of a request URL as `name → value`, repeated names as arrays. Adapters parse
 * it with this instead of their framework's parser, so both frameworks hand the core the same
 * shape whatever their settings. `Object.fromEntries` keeps `__proto__` an ordinary key.
 *
 * @example
 * parseQueryString('/api/v1/admin/users?page=2&role=admin') // { page: '2', role: 'admin' }
 */
export function parseQueryString(url: string): Record<string, string | string[]> {
  const at = url.indexOf('?');
  if (at === -1) return {};
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
}
