import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVault } from '../../src/index.js';
import { clientErrorHandler } from '../../src/node/index.js';
import { SECRET } from '../helpers/vault.js';

/** Sends `bytes` on a new connection and returns everything the server wrote until it closed. */
async function exchange(server: Server, bytes: string): Promise<string> {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {}); // the server may reset after answering; what it wrote is kept
  socket.end(bytes);
  await once(socket, 'close');
  return Buffer.concat(chunks).toString('latin1');
}

/** Status line, lower-cased headers and parsed body of a raw HTTP/1.1 answer. */
function parse(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as { status: string; code: string; message: string } };
}

describe('clientErrorHandler', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  const start = async () => {
    const vault = createVault({ tokens: { secret: SECRET } });
    server = createServer((_req, res) => res.end('route reached'));
    server.on('clientError', clientErrorHandler(vault));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return server;
  };

  it('answers headers over Node\'s limit with the 431 envelope and closes the connection', async () => {
    const answer = parse(await exchange(await start(), `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toMatchObject({ status: 'error', code: 'HEADERS_TOO_LARGE' });
  });

  it('answers bytes that are not HTTP with the 400 envelope, without internals', async () => {
    const raw = await exchange(await start(), 'HELLO THERE\r\n\r\n');
    const answer = parse(raw);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', code: 'BAD_REQUEST' });
    expect(raw).not.toMatch(/HPE_|Parse Error|at .*\.js/);
  });

  it('is a TypeError at start-up when given anything but a vault', () => {
    expect(() => clientErrorHandler({} as never)).toThrow(new TypeError('clientErrorHandler(vault): expected the object returned by createVault()'));
  });
});
