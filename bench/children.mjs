// Child processes of bench/stores.mjs: bench/http-server.mjs and bench/stores-ops.mjs forked
// with the same Node flags as bench/http.mjs gives its servers (a fixed young generation, tsx
// for BENCH_SOURCE=1), pinned with taskset when the machine allows it. The same machinery as
// http.mjs's own (kept there unchanged), in a module so that a second script can use it.
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';

export const canPin = availableParallelism() >= 2 && hasTaskset();
export const SERVER_CPU = '0';
export const CLIENT_CPU = '1';
/** See bench/http.mjs: every server gets the same fixed young generation (16 MB semi-spaces). */
const YOUNG_GEN_MB = Math.max(0, Number(process.env.YOUNG_GEN_MB ?? 16));

/** The Node flags of every child: the young generation, BENCH_NODE_FLAGS, tsx for BENCH_SOURCE=1. */
export function childExecArgv() {
  const execArgv = YOUNG_GEN_MB > 0 ? [`--min-semi-space-size=${YOUNG_GEN_MB}`, `--max-semi-space-size=${YOUNG_GEN_MB}`] : [];
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean));
  if (process.env.BENCH_SOURCE === '1') execArgv.push('--import', import.meta.resolve('tsx'), '--conditions=source');
  return execArgv;
}

/** Forks `script` (a file of bench/) with `args` and `env` added; the child is tracked in `children`. */
export function forkChild(script, { args = [], env = {}, children }) {
  const child = fork(new URL(`./${script}`, import.meta.url), args, {
    env: { ...process.env, ...env },
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${script} ${args.join(' ')} exited early (code ${code})`);
  });
  exited.catch(() => {}); // observed by `next`
  /** The child's next IPC message (rejects if it exits first). */
  const next = async () => (await Promise.race([once(child, 'message'), exited]))[0];
  return { child, next };
}

/**
 * Forks bench/http-server.mjs as a server of `kind` (pinned to the server core) and resolves once
 * it listens, with `request(msg)` for its IPC protocol (start / stop / bare).
 */
export async function startServer(kind, { env, children, label = kind }) {
  const { child, next } = forkChild('http-server.mjs', { args: [kind], env, children });
  if (canPin) pin(child.pid, SERVER_CPU);
  const ready = await next();
  // Again once it runs: threads started before the first call are covered by `-a` now.
  if (canPin) pin(child.pid, SERVER_CPU);
  const request = async (msg) => {
    child.send(msg);
    return next();
  };
  return { kind: label, pid: child.pid, port: ready.port, credentials: ready.credentials, request };
}

/** Disconnects every child (they exit by themselves, writing their CPU profiles), then kills stragglers. */
export async function stopAll(children) {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** Sets the CPU affinity of every thread of `pid`. */
export function pin(pid, cpus) {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
