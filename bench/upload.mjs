// Upload benchmark (issue 11): one large video upload, streamed as multipart `POST /api/v1/assets`,
// through Express and Fastify to the local-disk uploader and to @vaultkit/cloudinary (against the
// loopback Cloudinary endpoint), against a bare node:http handler piping the same request body to
// a file, in one run; plus, as a reference for the Cloudinary rows, the uploader alone (no server).
// Not a test: it prints figures and never fails on a missed target; it exits non-zero only on
// errors (a crash, a non-2xx answer, a stored file of the wrong size, a file left behind after
// the delete).
//
//   pnpm build && node bench/upload.mjs            (or `pnpm bench:upload`)
//   node bench/upload.mjs --mib 64 --rounds 1      (a quick try)
//   BENCH_SOURCE=1 node bench/upload.mjs           (the TypeScript sources through tsx, no build)
//
// Flags: --mib N (file size, default 1024), --rounds N (default 3), --warmup-mib N (an upload per
// server before the measured ones, default 16; 0 skips), --only fastify-disk,cloudinary-direct,...
// (some cases; the baseline always runs).
// Environment: BENCH_NODE_FLAGS (extra node flags for the servers), PIN=0 (no taskset).
//
// Process layout: every server runs in its own child process (bench/upload-server.mjs), so its
// RSS and CPU time are its own; the loopback Cloudinary endpoint runs in one more child. The
// servers are pinned to core 0; this process (the client) and the loopback endpoint to core 1.
// The file is produced on the fly (a valid MP4 header, then 1 MiB of random filler sent again and
// again, with backpressure), never held whole in memory. Peak RSS growth is the server's VmHWM
// (peak resident set, reset through /proc/<pid>/clear_refs just before the upload) minus its
// VmRSS at that moment; VmRSS is also sampled every 20 ms as a cross-check.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { canPin as machineCanPin, childExecArgv, CLIENT_CPU, forkChild, pin, SERVER_CPU, startWatchdog, stopAll } from './children.mjs';
import { reportEnd } from './http-report.mjs';
import { report } from './upload-report.mjs';

const HOST = '127.0.0.1';
const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;
/** The same ftyp box as examples/shared/test/uploads-suite.ts's MP4: file-type sniffs video/mp4. */
const MP4_HEADER = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2')]);
const CASES = [
  { id: 'bare', label: 'node:http  pipe to a file (baseline)' },
  { id: 'express-disk', label: 'express + @vaultkit/express  local disk', min: 0.5 },
  { id: 'fastify-disk', label: 'fastify + @vaultkit/fastify  local disk', min: 0.5 },
  { id: 'express-cloudinary', label: 'express + @vaultkit/express  cloudinary (loopback)', min: 0.5 },
  { id: 'fastify-cloudinary', label: 'fastify + @vaultkit/fastify  cloudinary (loopback)', min: 0.5 },
  // A reference, not a target: what the uploader and the loopback endpoint reach without any server.
  { id: 'cloudinary-direct', label: '@vaultkit/cloudinary alone, no HTTP server' },
];
const MAX_RSS_GROWTH_MIB = 64;
/** The cases whose uploads go to the loopback Cloudinary endpoint. */
const viaLoopback = (id) => id.includes('cloudinary');
const canPin = process.env.PIN !== '0' && machineCanPin;

await main();

async function main() {
  const { values } = parseArgs({ options: { mib: { type: 'string', default: '1024' }, rounds: { type: 'string', default: '3' }, 'warmup-mib': { type: 'string', default: '16' }, only: { type: 'string' } } });
  const opts = { mib: Math.max(1, Number(values.mib)), rounds: Math.max(1, Number(values.rounds)), warmupMib: Math.max(0, Number(values['warmup-mib'])) };
  const only = values.only ? new Set(values.only.split(',')) : null;
  const cases = CASES.filter((c) => c.id === 'bare' || !only || only.has(c.id));
  const begun = performance.now();
  const loadBefore = loadavg()[0];
  const dir = await mkdtemp(join(tmpdir(), 'vaultkit-bench-upload-'));
  const children = [];
  // About 20 s per GiB and upload at the slowest seen, times 4 for a busy machine.
  const watchdogMs = Math.max(5 * 60_000, 4 * 20_000 * (opts.mib / 1024) * cases.length * opts.rounds);
  const watchdog = startWatchdog('upload', { ms: watchdogMs, children, giveUp: () => rm(dir, { recursive: true, force: true }) });

  try {
    if (canPin) pin(process.pid, CLIENT_CPU);
    const needsLoopback = cases.some((c) => viaLoopback(c.id));
    const loopback = needsLoopback ? await startChild('loopback', { children, dir, cpu: CLIENT_CPU }) : null;
    const servers = {};
    for (const c of cases) {
      const srv = await startChild(c.id, { children, dir, cpu: SERVER_CPU, cloudinaryUrl: loopback?.ready.cloudinaryUrl });
      srv.token = srv.ready.credentials ? await login(srv) : null;
      servers[c.id] = srv;
    }
    const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
    const run = (c, mib) => uploadOnce({ c, srv: servers[c.id], loopback, dir, bytes: mib * MiB });
    if (opts.warmupMib > 0) for (const c of cases) await run(c, opts.warmupMib);
    for (let round = 0; round < opts.rounds; round += 1) {
      // Interleaved, in reverse order every other round: drift falls on both sides of each ratio.
      const order = round % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) samples[c.id].push(await run(c, opts.mib));
      console.error(`round ${round + 1}/${opts.rounds} done (${((performance.now() - begun) / 1000).toFixed(0)} s)`);
    }
    report({ cases, samples, opts, loadBefore, pinned: canPin, source: process.env.BENCH_SOURCE === '1', maxGrowthMib: MAX_RSS_GROWTH_MIB });
    reportEnd({ begun, loadBefore });
  } catch (error) {
    console.error('bench/upload failed:', error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await stopAll(children); // the loopback deletes its folder as it exits
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One upload of `bytes` bytes to `c`'s server, measured, then checked (the stored file's size)
 * and deleted (through the API for the vault apps: the file must be gone afterwards).
 */
async function uploadOnce({ c, srv, loopback, dir, bytes }) {
  const boundary = `----vaultkit-bench-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbench upload\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="visibility"\r\n\r\nprivate\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const total = head.length + bytes + tail.length;

  const loopbackCpu0 = viaLoopback(c.id) ? (await loopback.request({ type: 'files' })).cpuUs : 0;
  await srv.request({ type: 'start' });
  const rssBefore = procStatus(srv.pid).VmRSS;
  const hwmReset = resetPeak(srv.pid);
  let sampledPeak = rssBefore;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, procStatus(srv.pid).VmRSS ?? 0)), 20);
  const t0 = performance.now();
  const clientCpu0 = process.cpuUsage();
  let answer;
  try {
    answer = c.id === 'cloudinary-direct' ? await direct(srv, bytes) : await post(srv, c.id === 'bare' ? '/upload' : '/api/v1/assets', {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(total), ...(srv.token ? { authorization: `Bearer ${srv.token}` } : {}) },
      parts: [head, MP4_HEADER, { filler: bytes - MP4_HEADER.length }, tail],
    });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);
  const status = procStatus(srv.pid);
  const stats = await srv.request({ type: 'stop' });
  const loopbackCpuS = viaLoopback(c.id) ? ((await loopback.request({ type: 'files' })).cpuUs - loopbackCpu0) / 1e6 : null;
  if (answer.status !== 201) throw new Error(`${c.id}: the upload answered ${answer.status} ${answer.text.slice(0, 300)}`);
  const peak = hwmReset ? status.VmHWM : Math.max(sampledPeak, status.VmRSS);
  await checkAndDelete({ c, srv, loopback, dir, answer: JSON.parse(answer.text), sent: c.id === 'bare' ? total : bytes });
  return {
    mibPerS: (c.id === 'cloudinary-direct' ? bytes : total) / MiB / seconds, seconds, cpuS: stats.cpuUs / 1e6, loopbackCpuS, clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
    growthMib: (peak - rssBefore) / 1024, sampledGrowthMib: (sampledPeak - rssBefore) / 1024, hwm: hwmReset,
  };
}

/** The stored file has exactly the bytes sent; after the delete, nothing is left behind. */
async function checkAndDelete({ c, srv, loopback, dir, answer, sent }) {
  if (c.id === 'cloudinary-direct') {
    const file = await onlyFile(loopback, c.id);
    if (answer.result.bytes !== sent || (await stat(file.path)).size !== sent) throw new Error(`${c.id}: stored ${answer.result.bytes} bytes, sent ${sent}`);
    await srv.request({ type: 'remove', publicId: answer.result.publicId });
    if ((await loopback.request({ type: 'files' })).files.length > 0) throw new Error(`${c.id}: the loopback endpoint still stores files`);
    return;
  }
  if (c.id === 'bare') {
    const path = join(dir, answer.name);
    const size = (await stat(path)).size;
    if (size !== sent) throw new Error(`bare: stored ${size} bytes, sent ${sent}`);
    await rm(path);
    return;
  }
  const asset = answer.data?.asset;
  if (asset?.bytes !== sent || asset.kind !== 'video' || asset.format !== 'mp4') throw new Error(`${c.id}: unexpected asset ${JSON.stringify(asset)}`);
  // Local disk: the file behind the URL, under the upload folder; Cloudinary: the loopback's one file.
  const path = c.id.endsWith('-disk') ? join(dir, asset.url.slice('/uploads/'.length)) : (await onlyFile(loopback, c.id)).path;
  const size = (await stat(path)).size;
  if (size !== sent) throw new Error(`${c.id}: stored ${size} bytes, sent ${sent}`);
  const res = await fetch(`http://${HOST}:${srv.port}/api/v1/assets/${encodeURIComponent(asset.id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${srv.token}` } });
  if (res.status !== 200) throw new Error(`${c.id}: DELETE answered ${res.status}`);
  const left = await stat(path).then(() => true, () => false);
  if (left) throw new Error(`${c.id}: the file is still there after the delete`);
  if (loopback && (await loopback.request({ type: 'files' })).files.length > 0) throw new Error(`${c.id}: the loopback endpoint still stores files`);
}

async function onlyFile(loopback, id) {
  const { files, pending } = await loopback.request({ type: 'files' });
  if (files.length !== 1 || pending !== 0) throw new Error(`${id}: the loopback endpoint stores ${files.length} files (${pending} pending), expected 1`);
  return files[0];
}

/**
 * POSTs `parts` (buffers, or `{ filler: n }`: n bytes of filler produced as they are sent) with
 * backpressure, and resolves with the answer. Stops sending when the server answers early.
 */
function post(srv, path, { headers, parts }) {
  const filler = randomBytes(MiB);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: HOST, port: srv.port, path, method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // One waiter at a time, woken by 'drain' or by the end of the request (no listener per write).
    let wake = null;
    const woken = () => {
      const resume = wake;
      wake = null;
      resume?.();
    };
    req.on('drain', woken).on('close', woken);
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const write = async (chunk) => {
      if (!req.write(chunk) && !req.destroyed) await new Promise((resolve) => (wake = resolve));
    };
    (async () => {
      for (const part of parts) {
        if (Buffer.isBuffer(part)) {
          await write(part);
          continue;
        }
        for (let left = part.filler; left > 0 && !answered && !req.destroyed; left -= filler.length) {
          await write(left >= filler.length ? filler : filler.subarray(0, left));
        }
      }
      req.end();
    })().catch(reject);
  });
}

/** The reference row: the uploader alone uploads `bytes` (the same header and filler) in the server process. */
async function direct(srv, bytes) {
  const reply = await srv.request({ type: 'direct', bytes, header: MP4_HEADER.toString('base64') });
  return reply.error ? { status: 500, text: reply.error } : { status: 201, text: JSON.stringify({ result: reply.result }) };
}

/** Logs in over HTTP as the user the server created; returns the access token. */
async function login(srv) {
  const res = await fetch(`http://${HOST}:${srv.port}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: srv.ready.credentials.email, password: srv.ready.credentials.password }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.data?.accessToken) throw new Error(`${srv.kind}: login answered ${res.status}`);
  return body.data.accessToken;
}

/** Forks bench/upload-server.mjs as `kind`, pinned to `cpu`; resolves once it listens. */
async function startChild(kind, { children, dir, cpu, cloudinaryUrl }) {
  // No fixed young generation here; the loopback endpoint is TypeScript (packages/cloudinary/test): always through tsx.
  const execArgv = childExecArgv({ youngGen: false, typescript: kind === 'loopback' });
  const env = { UPLOAD_DIR: dir, BENCH_PASSWORD: PASSWORD };
  if (cloudinaryUrl && viaLoopback(kind)) env.CLOUDINARY_URL = cloudinaryUrl;
  const { child, next, request } = forkChild('upload-server.mjs', { args: [kind], env, children, execArgv, name: `server ${kind}` });
  const ready = await next();
  // Once it runs, with -a: every thread it started (libuv's pool included) is covered.
  if (canPin) pin(child.pid, cpu);
  return { kind, pid: child.pid, port: ready.port, ready, request };
}

/** VmRSS, VmHWM… of a process, in KiB. */
function procStatus(pid) {
  const out = {};
  for (const m of readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/^(Vm\w+):\s+(\d+) kB$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false where the kernel does not allow it. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
