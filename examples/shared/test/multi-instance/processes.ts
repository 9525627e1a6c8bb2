/*
 * The example servers as separate processes (helper, not a test file itself): each started the
 * way `pnpm start` does (tsx over the sources, `source` condition), with an explicit
 * environment, on a free loopback port read from its "listening on" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Env } from '../../src/settings.js';

export type Framework = 'express' | 'fastify';

/** A running example-server process. */
export interface ServerProcess {
  framework: Framework;
  url: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** `true` until the process has exited. */
  alive(): boolean;
  /** `kill -9`: no drain, no shutdown hook. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful drain), SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

const EXAMPLES = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const LISTENING = /server listening on (http:\/\/\S+)/;

/** One secret for every process of a test file: they are instances of one deployment. */
export function deploymentSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Starts `examples/<framework>-server/src/server.ts` in a child process with `env` (plus
 * `NODE_ENV=test`, `PORT=0`, `HOST=127.0.0.1`; nothing else of this process's environment but
 * `PATH` and `HOME`), and resolves once it listens. Rejects with its output when it exits first.
 *
 * @example
 * const a = await startServerProcess('express', { JWT_SECRET, DATABASE_URL });
 */
export async function startServerProcess(framework: Framework, env: Env): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/server.ts'], {
    cwd: `${EXAMPLES}${framework}-server`,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, found = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      if (!error) return resolve(found);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = () => {
      const match = LISTENING.exec(output);
      if (match) settle(null, match[1]);
    };
    const timer = setTimeout(() => settle(new Error(`${framework} server did not listen within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', onData);
    exited.then(
      () => settle(new Error(`${framework} server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output}`)),
      (error: Error) => settle(error),
    );
  });

  const alive = () => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  return {
    framework,
    url,
    pid: child.pid!,
    output: () => output,
    alive,
    kill: async () => {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
    stop: () => (stopping ??= stopGracefully(child, exited, alive)),
  };
}

// --- internal ---

async function stopGracefully(child: ChildProcess, exited: Promise<unknown>, alive: () => boolean): Promise<void> {
  if (!alive()) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
