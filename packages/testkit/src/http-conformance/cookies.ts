/** One `Set-Cookie` header, parsed. Attribute names are lower-case; flags are `true`. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** Parses `Set-Cookie` header values (as `Headers.getSetCookie()` returns them). */
export function parseSetCookies(values: string[]): SetCookie[] {
  return values.map((line) => {
    const [pair = '', ...rest] = line.split(';');
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const part of rest) {
      const at = part.indexOf('=');
      const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
      if (key) attributes[key] = at === -1 ? true : part.slice(at + 1).trim();
    }
    return { name: pair.slice(0, eq).trim(), value: decodeURIComponent(pair.slice(eq + 1).trim()), attributes };
  });
}

/** Whether the cookie is being removed (`Max-Age=0` or an `Expires` in the past). */
export function isCleared(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes['max-age'];
  if (typeof maxAge === 'string' && Number(maxAge) <= 0) return true;
  const expires = cookie.attributes.expires;
  return typeof expires === 'string' && Date.parse(expires) <= Date.now();
}
