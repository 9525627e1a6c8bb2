// Server side of bench/upload.mjs: one app per process, forked by it as
//   node bench/upload-server.mjs <kind>      (UPLOAD_DIR, BENCH_PASSWORD, and CLOUDINARY_URL for *-cloudinary)
// kinds: bare (node:http piping the request body to a file), express-disk, fastify-disk (the
// local-disk uploader under UPLOAD_DIR), express-cloudinary, fastify-cloudinary (@vaultkit/cloudinary
// against CLOUDINARY_URL), cloudinary-direct (that uploader alone, no HTTP server), and loopback (the loopback Cloudinary endpoint of packages/cloudinary/test,
// TypeScript: forked with tsx, in its own process so that its memory and CPU are not the server's).
// It listens on 127.0.0.1 (ephemeral port) and answers the parent's IPC messages: `start` (resets
// the CPU counter), `stop` (returns the CPU time), and for the loopback `files` (what it
// stores, and its CPU time so far). It exits when the parent disconnects. Not a test, not an example: a measuring fixture.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createVerifiedUser } from './verified-user.mjs';

const HOST = '127.0.0.1';
const PASSWORD = process.env.BENCH_PASSWORD;
const UPLOAD_DIR = process.env.UPLOAD_DIR;
/** Above the largest upload the parent sends: the bench measures streaming, not the limit. */
const MAX_VIDEO_BYTES = 64 * 1024 ** 3;
/** The loopback endpoint's account (signatures are checked with this secret). */
const LOOPBACK_ACCOUNT = { apiKey: 'bench-key', apiSecret: 'bench-secret-upload', cloudName: 'vaultkit-bench' };

if (process.argv[2]) await serve(process.argv[2]);

async function serve(kind) {
  if (kind === 'loopback') return serveLoopback();
  process.on('disconnect', () => process.exit(0)); // never outlive the parent
  const { listen, vault } = await buildApp(kind);
  const port = await listen();
  const credentials = vault ? await createVerifiedUser(vault, { password: PASSWORD, host: HOST }) : null;
  let cpu = process.cpuUsage();
  process.on('message', (msg) => {
    if (msg.type === 'start') {
      cpu = process.cpuUsage();
      process.send({ type: 'ack' });
    }
    if (msg.type === 'stop') {
      // user + system time of the whole process (GC, libuv's file-system threads included)
      const used = process.cpuUsage(cpu);
      process.send({ type: 'stats', cpuUs: used.user + used.system });
    }
  });
  process.send({ type: 'ready', port, credentials });
}

async function buildApp(kind) {
  if (kind === 'bare') return buildBare();
  if (kind === 'cloudinary-direct') return buildDirect();
  const [framework, target] = kind.split('-');
  const core = await import('@vaultkit/core');
  const uploader = target === 'disk'
    ? core.localDiskUploader({ directory: UPLOAD_DIR, baseUrl: '/uploads' })
    // CLOUDINARY_URL (with the loopback's http upload_prefix) is in the environment before the
    // SDK is first loaded, which is when it picks http or https.
    : (await import('@vaultkit/cloudinary')).cloudinaryUploader(process.env.CLOUDINARY_URL);
  // Embedded defaults otherwise: memory storage, a quiet outbox, the limiter on every request
  // (scale 1e6: it never stops a run).
  const vault = core.createVault({
    tokens: { secret: 'bench-upload-secret-bench-upload-secret-0123' },
    rateLimits: { scale: 1e6 },
    mailer: core.outboxMailer({ log: false }),
    uploader,
    media: { maxBytes: { video: MAX_VIDEO_BYTES } },
  });
  if (framework === 'express') {
    const { default: express } = await import('express');
    const { vaultRouter } = await import('@vaultkit/express');
    const app = express();
    app.use(vaultRouter(vault));
    return { vault, listen: () => listenNode(app) };
  }
  if (framework === 'fastify') {
    const { default: Fastify } = await import('fastify');
    const { vaultkit } = await import('@vaultkit/fastify');
    const app = Fastify({ logger: false });
    await app.register(vaultkit, { vault });
    return {
      vault,
      async listen() {
        await app.listen({ port: 0, host: HOST });
        return app.server.address().port;
      },
    };
  }
  throw new Error(`unknown server kind: ${kind}`);
}

/**
 * The baseline: node:http streaming the request body as it comes (multipart framing included)
 * into a new file under UPLOAD_DIR, and answering its name and size. No parsing, no sniffing:
 * what writing the same bytes to disk costs.
 */
function buildBare() {
  let n = 0;
  const server = createServer(async (req, res) => {
    const name = `bare-${process.pid}-${(n += 1)}.bin`;
    const file = createWriteStream(join(UPLOAD_DIR, name), { flags: 'wx' });
    try {
      await pipeline(req, file);
      const body = JSON.stringify({ name, bytes: file.bytesWritten });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  return { vault: null, listen: () => listenNode(server) };
}

/**
 * A reference for the Cloudinary rows, with no HTTP server in front: the uploader alone, sending
 * a video produced in this process (as the client makes it) to the loopback endpoint. Answers
 * `direct` (one upload of `bytes`) and `remove`.
 */
async function buildDirect() {
  const { cloudinaryUploader } = await import('@vaultkit/cloudinary');
  const { Readable } = await import('node:stream');
  const { randomBytes } = await import('node:crypto');
  const uploader = cloudinaryUploader(process.env.CLOUDINARY_URL);
  const filler = randomBytes(64 * 1024);
  let n = 0;
  process.on('message', async (msg) => {
    if (msg.type === 'remove') {
      await uploader.remove(msg.publicId, 'video');
      process.send({ type: 'removed' });
    }
    if (msg.type !== 'direct') return;
    let left = msg.bytes;
    const video = Readable.from((function* () {
      const header = Buffer.from(msg.header, 'base64');
      yield header;
      for (left -= header.length; left > 0; left -= filler.length) yield left >= filler.length ? filler : filler.subarray(0, left);
    })(), { objectMode: false });
    const options = { folder: 'bench', kind: 'video', format: 'mp4', contentType: 'video/mp4', filename: `direct${(n += 1)}`, signal: new AbortController().signal };
    try {
      const result = await uploader.upload(video, options);
      process.send({ type: 'uploaded', result });
    } catch (error) {
      process.send({ type: 'uploaded', error: String(error?.message ?? error) });
    }
  });
  return { vault: null, listen: async () => null };
}

/** The loopback Cloudinary endpoint, answering `files` with what it stores. */
async function serveLoopback() {
  const { startLoopbackCloudinary } = await import('../packages/cloudinary/test/loopback-endpoint.ts');
  const endpoint = await startLoopbackCloudinary(LOOPBACK_ACCOUNT);
  process.on('message', (msg) => {
    if (msg.type !== 'files') return;
    const files = [...endpoint.files].map(([key, file]) => ({ key, path: file.path, bytes: file.bytes, chunked: file.chunked }));
    const cpu = process.cpuUsage();
    process.send({ type: 'files', files, pending: endpoint.pendingUploads(), cpuUs: cpu.user + cpu.system });
  });
  // Never outlives the parent, and its temporary folder goes with it.
  process.once('disconnect', () => void endpoint.close().finally(() => process.exit(0)));
  process.send({ type: 'ready', cloudinaryUrl: endpoint.cloudinaryUrl });
}

async function listenNode(app) {
  const server = app.listen(0, HOST);
  await once(server, 'listening');
  return server.address().port;
}
