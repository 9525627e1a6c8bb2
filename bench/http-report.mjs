// The tables of bench/http.mjs. Figures per scenario are medians over the rounds; a ratio is the
// median of the per-round ratios (each round's pair ran side by side, so drift cancels), with the
// lowest and highest round beside it as the spread.
import { cpus, loadavg } from 'node:os';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const spread = (values, digits) => `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

/** The CPU-per-request table, and the comparison with @fastify/jwt. */
export function report({ scenarios, samples, opts, loadBefore, pinned, source }) {
  const byId = Object.fromEntries(scenarios.map((s) => [s.id, s]));
  /** Per round: the baseline's CPU per request over this route's (1 = as cheap as the baseline). */
  const ratios = (id, baseId) => samples[id].map((x, i) => samples[baseId][i].cpuPerReq / x.cpuPerReq);
  /** Per round: this route's CPU per request above the baseline's (what the check itself costs). */
  const extras = (id, baseId) => samples[id].map((x, i) => x.cpuPerReq - samples[baseId][i].cpuPerReq);
  const rows = [];
  for (const s of scenarios) {
    const xs = samples[s.id];
    const cpu = xs.map((x) => x.cpuPerReq);
    const cells = [
      s.label,
      fmtInt(median(xs.map((x) => x.rps))),
      (median(xs.map((x) => x.srvCpu)) * 100).toFixed(0),
      (median(xs.map((x) => x.clientCpu)) * 100).toFixed(0),
      median(cpu).toFixed(1),
      spread(cpu, 1),
      median(xs.map((x) => x.sysPerReq)).toFixed(1),
    ];
    if (s.base && byId[s.base]) {
      const r = ratios(s.id, s.base);
      const ok = s.min === undefined ? '' : median(r) >= s.min ? 'OK' : 'MISS';
      cells.push(median(extras(s.id, s.base)).toFixed(1), median(r).toFixed(2), spread(r, 2), s.base, s.min === undefined ? '' : `>= ${s.min.toFixed(2)}`, ok);
    } else {
      cells.push('', '1', '', '', '', '');
    }
    rows.push(cells);
  }
  const checkCost = byId['fa.auth'] && byId['fj.auth'] && byId['fa.bareUser'] ? [median(extras('fa.auth', 'fa.bareUser')), median(extras('fj.auth', 'fa.bareUser'))] : null;
  if (checkCost) {
    // Whole route, for reference: both sides include Fastify's own cost, which no auth plugin can
    // lower (a check costing nothing would reach about bare/jwt, under 2).
    const r = samples['fj.auth'].map((x, i) => x.cpuPerReq / samples['fa.auth'][i].cpuPerReq);
    rows.push(['@fastify/jwt / vault.requireAuth(), whole route', '', '', '', '', '', '', '', median(r).toFixed(2), spread(r, 2), 'fa.auth', '', '']);
    // The target (issue 13): what each check adds above the bare route, vaultkit's with its revocation round trip.
    const [vault, jwt] = checkCost;
    const times = vault > 0 ? jwt / vault : Infinity;
    rows.push(['@fastify/jwt / vault.requireAuth(), the check', '', '', '', '', '', '', `${jwt.toFixed(1)}/${vault.toFixed(1)}`, times.toFixed(2), '', 'fa.bareUser', '>= 2.00', times >= 2 ? 'OK' : 'MISS']);
  }

  if (byId['ba.session'] && byId['ex.me']) {
    // Issue 13: Better Auth's session read costs at least 5 times vaultkit's /users/me.
    const r = samples['ba.session'].map((x, i) => x.cpuPerReq / samples['ex.me'][i].cpuPerReq);
    rows.push(['Better Auth get-session / vault /users/me (Express)', '', '', '', '', '', '', '', median(r).toFixed(2), spread(r, 2), 'ex.me', '>= 5.00', median(r) >= 5 ? 'OK' : 'MISS']);
  }

  const head = ['scenario', 'req/s', 'srv CPU%', 'ac CPU%', 'CPU µs/req', 'spread', 'of which sys', 'extra µs', 'vs bare', 'spread', 'baseline', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i >= 10 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const from = source ? 'TypeScript sources (tsx)' : 'built packages (dist)';
  console.log(`vaultkit HTTP bench: Node ${process.version}, ${from}, ${opts.ROUNDS} interleaved rounds x ${opts.ROUND_S} s, autocannon ${opts.CONNECTIONS} connections, loopback`);
  const layout = pinned ? 'servers pinned to core 0, autocannon to core 1 (taskset)' : 'NOT pinned (taskset missing or 1 core): CPU figures include contention';
  const busy = loadBefore > 1 ? '  <- other work was running: expect noisy figures' : '';
  console.log(`${cpus().length} cores, ${layout}; 1-min load average ${loadBefore.toFixed(2)} before${busy}`);
  console.log('');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log('CPU µs/req = the server process\'s user + system CPU time (all threads) / requests answered, median over the');
  console.log('rounds (spread = lowest-highest round). vs bare = baseline CPU per request / this route\'s, per round, median');
  console.log('(1.00 = as cheap as the bare route; spread = lowest-highest round). srv CPU% / ac CPU% = CPU per wall second of');
  console.log('the server and of autocannon: a server well below 100% was not the bottleneck, which the CPU figure does not mind.');
  console.log('/app/me = auth check only (signature, cached for a token already seen, + one revocation/session round trip);');
  console.log('/users/me = limiter + auth check + user load + serialisation + rate-limit headers. Memory storage throughout.');
  console.log('extra µs = CPU per request above the baseline\'s in the same round (median): what the check itself costs.');
  console.log('@fastify/jwt checks the signature and claims only: no revocation or session check at all.');
  console.log('The @fastify/jwt target is on the check: the extra µs of each above the same bare route (bench/README.md).');
  console.log('');
}

/** The event-loop delay while 8 logins hash. */
export function reportLogins(rows) {
  for (const r of rows) {
    const ok = r.eldP99 < 20 ? 'OK' : 'MISS';
    console.log(
      `${r.name.padEnd(8)} requireAuth under 8 concurrent logins (bcrypt cost 11): ${fmtInt(r.rps)} req/s, ELD p99 ${r.eldP99.toFixed(1)} ms (target < 20) ${ok}; ` +
        `${r.loginRps.toFixed(1)} logins/s, login p99 ${r.loginP99.toFixed(0)} ms`,
    );
  }
  console.log('(server on every core for this phase; ELD = perf_hooks.monitorEventLoopDelay, 1 ms resolution)');
  console.log('');
}

/** The last lines of a run: its duration and load, then the errors seen during the runs, if any (exit code 1). */
export function reportEnd({ begun, loadBefore, problems = [] }) {
  console.log(`Total ${((performance.now() - begun) / 1000).toFixed(0)} s; 1-min load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`);
  if (problems.length === 0) return;
  console.log('\nERRORS during the runs (the figures above are not valid):');
  for (const p of problems) console.log(`  ${p}`);
  process.exitCode = 1;
}

export function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}
