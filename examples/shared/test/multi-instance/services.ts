/*
 * Private PostgreSQL and Redis servers for one test file (helper, not a test file itself). The
 * shared ones of scripts/services.sh serve every other test file running in parallel, so the
 * fault tests stop and restart servers of their own: a PostgreSQL cluster in a temporary folder
 * and a redis-server child process, each on a free loopback port.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { closedPort } from '@vaultkit/testkit';

const run = promisify(execFile);

// --- PostgreSQL ---

/** A PostgreSQL cluster of one test file. */
export interface PrivatePostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string;
  /** `pg_ctl stop -m immediate`: connections cut, as a crash would. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (crash recovery runs first). */
  start(): Promise<void>;
  /** One SQL statement through psql; rows as arrays of text columns. */
  query(sql: string): Promise<string[][]>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

/** Why no private PostgreSQL can run here, or `null` when it can. */
export function postgresSkipReason(): string | null {
  if (!pgBin()) return 'no PostgreSQL server under /usr/lib/postgresql (bash scripts/services.sh installs it)';
  if (process.getuid?.() === 0) return null;
  try {
    execFileSync('sudo', ['-n', '-u', 'postgres', 'true'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'a private PostgreSQL must run as the postgres user: run as root or with password-less sudo';
  }
}

/**
 * initdb in a temporary folder owned by `postgres`, then starts it on a free port (fsync off:
 * throwaway data).
 */
export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = pgBin()!;
  const dir = (await asPostgres('mktemp', ['-d', '/tmp/vaultkit-pg.XXXXXX'])).trim();
  const port = await closedPort();
  await asPostgres(`${bin}/initdb`, ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c fsync=off -c listen_addresses=127.0.0.1`;
  const start = async () => void (await asPostgres(`${bin}/pg_ctl`, ['-D', dir, '-o', options, '-l', `${dir}/server.log`, '-w', 'start']));
  const stop = async () => void (await asPostgres(`${bin}/pg_ctl`, ['-D', dir, '-m', 'immediate', '-w', 'stop']));
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async query(sql) {
      const out = await asPostgres(`${bin}/psql`, ['-X', '-q', '-tA', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-d', 'postgres', '-c', sql]);
      return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
    },
    async destroy() {
      await stop().catch(() => {});
      await asPostgres('rm', ['-rf', dir]);
    },
  };
}

function pgBin(): string | null {
  let versions: string[];
  try {
    versions = readdirSync('/usr/lib/postgresql');
  } catch {
    return null;
  }
  // The newest major, as scripts/services.sh picks it.
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b)).pop();
  return newest ? `/usr/lib/postgresql/${newest}/bin` : null;
}

async function asPostgres(command: string, args: string[]): Promise<string> {
  const [file, prefix] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--']] : ['sudo', ['-n', '-u', 'postgres']];
  const { stdout } = await run(file, [...prefix, command, ...args], { cwd: '/tmp' });
  return stdout;
}

// --- Redis ---

/** A redis-server of one test file. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL: every connection drops at once, nothing is saved. */
  stop(): Promise<void>;
  /** A new, empty redis-server on the same port. */
  start(): Promise<void>;
  /** One command through redis-cli; its raw output. */
  cli(...args: string[]): Promise<string>;
  destroy(): Promise<void>;
}

/** Why no private Redis can run here, or `null` when it can. */
export function redisSkipReason(): string | null {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'redis-server is not installed (bash scripts/services.sh installs it)';
  }
}

/** Starts `redis-server` without persistence on a free loopback port. */
export async function startRedis(): Promise<PrivateRedis> {
  const port = await closedPort();
  let child: ChildProcess | null = null;
  const cli = async (...args: string[]) => (await run('redis-cli', ['-p', String(port), ...args])).stdout;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      if ((await cli('ping').catch(() => '')).trim() === 'PONG') return;
      if (i > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, cli, destroy: stop };
}
