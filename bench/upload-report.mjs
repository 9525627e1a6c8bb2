// The table of bench/upload.mjs. Throughput and CPU are medians over the rounds; the ratio is the
// median of the per-round ratios (each round's uploads ran a few seconds apart, so drift cancels),
// with the lowest and highest round beside it; RSS growth is the highest of the rounds.
import { cpus } from 'node:os';
import { median, spread } from './http-report.mjs';

export function report({ cases, samples, opts, loadBefore, pinned, source, maxGrowthMib }) {
  const base = samples.bare;
  const rows = cases.map((c) => {
    const xs = samples[c.id];
    const mibs = xs.map((x) => x.mibPerS);
    const growth = Math.max(...xs.map((x) => x.growthMib));
    const cpu = median(xs.map((x) => x.cpuS));
    const ratios = xs.map((x, i) => x.mibPerS / base[i].mibPerS);
    const ratio = median(ratios);
    const cells = [c.label, median(mibs).toFixed(0), spread(mibs, 0)];
    if (c.id === 'bare') cells.push('1', '', '');
    else cells.push(ratio.toFixed(2), spread(ratios, 2), c.min === undefined ? '' : `>= ${c.min.toFixed(2)}`);
    cells.push(growth.toFixed(1), Math.max(...xs.map((x) => x.sampledGrowthMib)).toFixed(1), `< ${maxGrowthMib}`, cpu.toFixed(2), (cpu / (opts.mib / 1024)).toFixed(2));
    const ok = growth < maxGrowthMib && (c.min === undefined || ratio >= c.min);
    cells.push(c.min === undefined && c.id !== 'bare' ? '' : ok ? 'OK' : 'MISS', median(xs.map((x) => x.clientCpuS)).toFixed(2), xs[0].loopbackCpuS === null ? '' : median(xs.map((x) => x.loopbackCpuS)).toFixed(2));
    return cells;
  });
  const head = ['case', 'MiB/s', 'spread', 'vs bare', 'spread', 'target', 'RSS +MiB', 'sampled', 'target', 'CPU s', 'CPU s/GiB', 'result', 'client CPU s', 'loopback CPU s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === 5 || i === 8 || i === 11 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const from = source ? 'TypeScript sources (tsx)' : 'built packages (dist)';
  console.log(`vaultkit upload bench: Node ${process.version}, ${from}, ${opts.mib} MiB video per upload, ${opts.rounds} interleaved round(s), loopback`);
  const layout = pinned ? 'servers pinned to core 0, client and loopback Cloudinary to core 1 (taskset)' : 'NOT pinned (taskset missing, PIN=0 or 1 core)';
  const busy = loadBefore > 1 ? '  <- other work was running: expect noisy figures' : '';
  console.log(`${cpus().length} cores, ${layout}; 1-min load average ${loadBefore.toFixed(2)} before${busy}`);
  const hwm = Object.values(samples).flat().every((x) => x.hwm);
  console.log(`RSS +MiB: server peak RSS (${hwm ? 'VmHWM, reset before each upload' : 'sampled VmRSS: VmHWM could not be reset'}) minus its RSS before the upload, highest round; sampled: VmRSS every 20 ms`);
  console.log('');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log('');
  const direct = samples['cloudinary-direct'];
  const viaServer = cases.filter((c) => c.id.endsWith('-cloudinary'));
  if (direct && viaServer.length > 0) {
    // What the server costs on the Cloudinary path: the same uploader and endpoint without it.
    const ratios = viaServer.map((c) => {
      const r = samples[c.id].map((x, i) => x.mibPerS / direct[i].mibPerS);
      return `${c.id} ${median(r).toFixed(2)} (${spread(r, 2)})`;
    });
    console.log(`Cloudinary rows against the uploader alone (throughput ratio, median of the rounds): ${ratios.join(', ')}`);
  }
}
