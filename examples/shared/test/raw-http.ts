/*
 * A raw-socket HTTP client for the example-server suites (helper, not a test file itself): what
 * `fetch` cannot send (a request target of `*`, a body that trickles in, a body never sent,
 * bytes that are not HTTP) and what it cannot show (when the server closed the connection).
 */
import { connect } from 'node:net';

/** What the server answered on one connection, and whether (and when) it closed it. */
export interface RawAnswer {
  /** Everything received. */
  text: string;
  /** The first answer's status; `undefined` when nothing came back. */
  status: number | undefined;
  /** The first answer's headers, names lower-cased. */
  headers: Record<string, string>;
  /** The first answer's body parsed as JSON, when it is JSON. */
  body: any;
  /** `true` when the server closed the connection before `waitMs` ran out. */
  closed: boolean;
  /** Milliseconds from sending `head` until the close (or until giving up). */
  elapsedMs: number;
}

/** What to send: `head` at once, then `trickle.chunk` every `trickle.everyMs` while open. */
export interface RawRequest {
  head: string;
  trickle?: { chunk: string; everyMs: number };
  /** Give up (and close from this side) after this long. @default 3000 */
  waitMs?: number;
}

/** A `head` for `method target` with `headers`, ending the header block. */
export function requestHead(method: string, target: string, headers: Record<string, string> = {}): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Sends `request.head` on a fresh connection (then the trickle, if any) and resolves once the
 * server closes the connection, or after `waitMs`.
 *
 * @example
 * const answer = await rawRequest(port, { head: requestHead('GET', '*') });
 */
export function rawRequest(port: number, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    const chunks: Buffer[] = [];
    let trickle: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(trickle);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ ...parseAnswer(Buffer.concat(chunks).toString('latin1')), closed, elapsedMs: Date.now() - started });
    };
    const giveUp = setTimeout(() => finish(false), request.waitMs ?? 3000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // Writing into a connection the server has just closed fails; the close is what is measured.
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
    socket.write(request.head);
    const { trickle: slow } = request;
    if (slow) trickle = setInterval(() => socket.writable && socket.write(slow.chunk), slow.everyMs);
  });
}

// --- internal ---

function parseAnswer(text: string): Pick<RawAnswer, 'text' | 'status' | 'headers' | 'body'> {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { text, status: undefined, headers: {}, body: undefined };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const raw = text.slice(end + 4, end + 4 + length);
  const body = /json/.test(headers['content-type'] ?? '') && raw ? JSON.parse(raw) : undefined;
  return { text, status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]) || undefined, headers, body };
}
