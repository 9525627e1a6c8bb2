import { request } from 'node:http';
import { connect } from 'node:net';
import type { Json } from './harness.js';

/** What a streamed upload got back, and how much of its body had left when the answer came. */
export interface StreamedAnswer {
  status: number | undefined;
  body: Json;
  /** Body bytes written before the answer arrived (or the connection closed). */
  sent: number;
  /** The body the client meant to send. */
  total: number;
}

export interface StreamOptions {
  /** Absolute URL of the route. */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Sent first (the form's part header and the file's first bytes). */
  head: Buffer;
  /** How many bytes of filler follow the head, at most. */
  total: number;
}

/**
 * Streams a body of `total` bytes with chunked encoding (no `Content-Length`, so the server
 * cannot refuse it from the header), writing only as fast as the server reads, and stops writing
 * as soon as an answer arrives. A server that enforces its limit while the bytes flow answers
 * long before `total` was sent.
 */
export function streamUntilAnswer(options: StreamOptions): Promise<StreamedAnswer> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    let settled = false;
    const finish = (status: number | undefined, body: Json) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ status, body, sent, total: options.total });
    };
    const req = request(options.url, { method: options.method, headers: { ...options.headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.statusCode, parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', () => finish(res.statusCode, parse(Buffer.concat(chunks).toString('utf8'))));
    });
    // The server may close the connection after answering: writes then fail, the answer counts.
    req.on('error', () => {
      if (!answered) finish(undefined, undefined);
    });
    const pump = () => {
      while (!answered && !req.destroyed && sent < options.total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    req.write(options.head);
    sent += options.head.length;
    pump();
  });
}

export interface DisconnectOptions {
  port: number;
  /** The request head: request line and headers, ending with an empty line. */
  head: string;
  /** Body bytes sent before waiting. */
  body: Buffer[];
  /** Resolves once the server has started storing (a partial file exists). */
  until(): Promise<void>;
}

/** Sends part of a body on a raw connection, waits for `until`, then drops the connection. */
export async function disconnectMidUpload(options: DisconnectOptions): Promise<void> {
  const socket = connect(options.port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(options.head);
  for (const part of options.body) socket.write(part);
  try {
    await options.until();
  } finally {
    socket.destroy();
  }
}

/** The head of a raw HTTP/1.1 request. */
export function requestHead(method: string, target: string, headers: Record<string, string>): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function parse(text: string): Json {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
