// CPU time of the Redis and PostgreSQL server processes, read from /proc, so bench/stores.mjs
// can say what a request costs the store as well as the app server. Approximate: the services
// are shared (other work on the machine adds to them), a PostgreSQL backend that exits during a
// run takes its ticks with it, and /proc counts in clock ticks (10 ms). Linux only; elsewhere
// (or without access to /proc) every reading is null.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const NAMES = { redis: 'redis-server', postgres: 'postgres' };
const TICK_US = 1e6 / clockTicks();

/** The CPU time so far, in µs, of every process of each service: `{ redis, postgres }` (null when unreadable). */
export function serviceCpu() {
  const totals = { redis: 0, postgres: 0 };
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return { redis: null, postgres: null };
  }
  for (const pid of entries) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ...": comm may hold spaces, so split after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const service = comm === NAMES.redis ? 'redis' : comm === NAMES.postgres ? 'postgres' : null;
    if (!service) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    totals[service] += (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime, stime
  }
  return totals;
}

function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
