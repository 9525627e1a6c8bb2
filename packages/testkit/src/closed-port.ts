import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on: bound to a free port, then released, so a connection to
 * it is refused at once, as with a database or SMTP server that is down. For the unreachable
 * backend of `storageContract`'s `makeUnreachable` (and any "dependency down" test).
 *
 * @example
 * storageContract('my store', make, {
 *   makeUnreachable: async () => myStorage(`postgresql://app@127.0.0.1:${await closedPort()}/app`),
 * });
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('closedPort: no TCP port was bound');
  return address.port;
}
