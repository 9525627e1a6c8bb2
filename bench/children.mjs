// The child processes of the benchmarks (bench/http.mjs, bench/stores.mjs, bench/upload.mjs):
// forked with the same Node flags (a fixed young generation, tsx for BENCH_SOURCE=1), with an IPC
// request/reply helper, pinned with taskset when the machine allows it, and stopped together.
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';

export const canPin = availableParallelism() >= 2 && hasTaskset();
export const SERVER_CPU = '0';
export const CLIENT_CPU = '1';
/**
 * V8 sizes the young generation by itself, and shrinks it when a process idles (its memory
 * reducer): in bench/http.mjs every app idles while the others are measured, so one app would run
 * a round with 8 MB and scavenge three times as often as its neighbour with 16 MB, for reasons
 * that have nothing to do with its code (seen: ±40% CPU per request between runs of the same
 * app). Every server gets the same fixed size instead, V8's own ceiling on this machine (16 MB
 * semi-spaces). YOUNG_GEN_MB=0 leaves V8's heuristics on.
 */
const YOUNG_GEN_MB = Math.max(0, Number(process.env.YOUNG_GEN_MB ?? 16));

/**
 * The Node flags of a child: the fixed young generation (unless `youngGen` is false),
 * BENCH_NODE_FLAGS, then tsx: always for a `typescript` script, else with the sources for BENCH_SOURCE=1.
 */
export function childExecArgv({ youngGen = true, typescript = false } = {}) {
  const execArgv = youngGen && YOUNG_GEN_MB > 0 ? [`--min-semi-space-size=${YOUNG_GEN_MB}`, `--max-semi-space-size=${YOUNG_GEN_MB}`] : [];
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean));
  if (typescript) execArgv.push('--import', import.meta.resolve('tsx'));
  else if (process.env.BENCH_SOURCE === '1') execArgv.push('--import', import.meta.resolve('tsx'), '--conditions=source');
  return execArgv;
}

/**
 * Forks `script` (a file of bench/) with `args` and `env` added; the child is tracked in `children`.
 * `name` is how an early exit is reported.
 */
export function forkChild(script, { args = [], env = {}, children, execArgv = childExecArgv(), name = `${script} ${args.join(' ')}` }) {
  const child = fork(new URL(`./${script}`, import.meta.url), args, {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited early (code ${code})`);
  });
  exited.catch(() => {}); // observed by `next`
  /** The child's next IPC message (rejects if it exits first). */
  const next = async () => (await Promise.race([once(child, 'message'), exited]))[0];
  /** Sends `msg` and resolves with the child's reply. */
  const request = async (msg) => {
    child.send(msg);
    return next();
  };
  return { child, next, request };
}

/**
 * Forks bench/http-server.mjs as a server of `kind` (pinned to the server core) and resolves once
 * it listens, with `request(msg)` for its IPC protocol (start / stop / bare).
 */
export async function startServer(kind, { env, children, label = kind }) {
  const { child, next, request } = forkChild('http-server.mjs', { args: [kind], env, children, name: `server ${kind}` });
  if (canPin) pin(child.pid, SERVER_CPU);
  const ready = await next();
  // Again once it runs: threads started before the first call are covered by `-a` now.
  if (canPin) pin(child.pid, SERVER_CPU);
  return { kind: label, pid: child.pid, port: ready.port, credentials: ready.credentials, request };
}

/**
 * Ends the whole script (exit code 2, after `giveUp`) if it overruns `ms`, killing `children`
 * first; the caller clears the returned timer when it is done.
 */
export function startWatchdog(name, { ms, children, giveUp = async () => {} }) {
  const watchdog = setTimeout(() => {
    console.error(`bench/${name}: watchdog: the run overran ${(ms / 60_000).toFixed(0)} minutes, giving up`);
    for (const child of children) child.kill();
    void giveUp().finally(() => process.exit(2));
  }, ms);
  watchdog.unref();
  return watchdog;
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
