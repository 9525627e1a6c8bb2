/*
 * Example servers: the demo page, served from a fixed allow-list (no path from the request ever
 * reaches the file system, so there is nothing to traverse).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** One file of the demo page, read once at start. */
export interface StaticFile {
  body: Buffer;
  headers: Record<string, string>;
}

/** URL path → file in `examples/demo-page/`, with its content type. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/api.js': { file: 'api.js', type: 'text/javascript; charset=utf-8' },
  '/view.js': { file: 'view.js', type: 'text/javascript; charset=utf-8' },
  '/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/media.js': { file: 'media.js', type: 'text/javascript; charset=utf-8' },
  '/channels.js': { file: 'channels.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

const PUBLIC_DIR = new URL('../../demo-page/', import.meta.url);

/**
 * Reads the demo page's files. Each framework registers one GET route per entry; `HEAD` comes
 * with it. `no-cache` makes browsers revalidate (ETag) so an edited page shows at once.
 *
 * @example
 * for (const [path, file] of await loadStaticFiles()) app.get(path, (req, res) => res.set(file.headers).send(file.body));
 */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = await readFile(new URL(file, PUBLIC_DIR));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    files.set(path, { body, headers: { 'content-type': type, 'cache-control': 'no-cache', etag } });
  }
  return files;
}

/**
 * Whether the raw request target names `path` exactly (a query string aside). The routers are
 * more forgiving than the allow-list means to be: Express matches `//` as `/`, Fastify serves
 * `/` for the request target `*`; anything but the exact path is the 404 envelope.
 *
 * @example
 * servesPath('/?tab=login', '/') // true
 * servesPath('//', '/') // false
 */
export function servesPath(rawUrl: string, path: string): boolean {
  const end = rawUrl.indexOf('?');
  return (end === -1 ? rawUrl : rawUrl.slice(0, end)) === path;
}

/** `true` when the request's `If-None-Match` names the file's current ETag (answer 304). */
export function isFresh(file: StaticFile, ifNoneMatch: string | string[] | undefined): boolean {
  const value = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (!value) return false;
  return value.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.headers.etag);
}
