import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destroy, drained, errorBody, upload, type ApiAnswer, type ApiContext } from './loopback/api.js';
import type { SignatureAlgorithm } from './loopback/signature.js';
import { diskStore, type LoopbackFile } from './loopback/store.js';

export type { LoopbackFile } from './loopback/store.js';

export interface LoopbackCloudinaryOptions {
  apiKey: string;
  apiSecret: string;
  cloudName: string;
  /** The account's signature algorithm. @default 'sha1' */
  signatureAlgorithm?: SignatureAlgorithm;
  /** Silence after which an unfinished chunked upload is dropped. @default 60_000 */
  pendingTtlMs?: number;
  /** @default 0 (a free port) */
  port?: number;
}

/** One API request the endpoint answered (deliveries are not logged). */
export interface LoopbackRequest {
  action: 'upload' | 'destroy' | string;
  resourceType: string;
  status: number;
  /** The form fields without `signature` and `api_key`. */
  params: Record<string, string>;
  /** The `Content-Range` of a chunk of a chunked upload. */
  contentRange?: string;
  /** The `X-Unique-Upload-Id` of a chunk of a chunked upload. */
  uploadId?: string;
}

export interface LoopbackCloudinary {
  /** `http://127.0.0.1:<port>`: the `upload_prefix`, and the host of every `secure_url`. */
  url: string;
  /** `cloudinary://<key>:<secret>@<cloud>?upload_prefix=<url>`, for `cloudinaryUploader()`. */
  cloudinaryUrl: string;
  /** What is stored, keyed `<resource_type>/<public_id>` (unfinished chunked uploads are not here). */
  files: ReadonlyMap<string, LoopbackFile>;
  /** Every API request answered so far, oldest first. */
  requests: readonly LoopbackRequest[];
  /** Unfinished chunked uploads held for their next chunk. */
  pendingUploads(): number;
  /**
   * Answers API requests with `status` and `{ error: { message } }`: after letting `skip` pass,
   * the next `times` ones (every one while `times` is omitted). `null` heals.
   */
  fail(status: number | null, options?: { times?: number; skip?: number; message?: string }): void;
  /** While down, every connection (open or new) is reset at once. */
  setDown(down: boolean): void;
  /** Stops the server and deletes every stored byte. */
  close(): Promise<void>;
}

/**
 * A Cloudinary upload API on loopback, for tests and benches: signed uploads (single requests and
 * the SDK's chunked uploads), `destroy`, and delivery of what was stored at the `secure_url` it
 * answered. Every request's signature is checked with `apiSecret` (401 JSON as Cloudinary answers
 * a wrong one); bytes are kept in a temporary folder, not in memory.
 *
 * @example
 * const endpoint = await startLoopbackCloudinary({ apiKey: 'key', apiSecret: 'secret', cloudName: 'demo' });
 * const uploader = cloudinaryUploader(endpoint.cloudinaryUrl);
 * // … endpoint.files, endpoint.requests, endpoint.fail(503), endpoint.setDown(true)
 * await endpoint.close();
 */
export async function startLoopbackCloudinary(options: LoopbackCloudinaryOptions): Promise<LoopbackCloudinary> {
  const dir = await mkdtemp(join(tmpdir(), 'vaultkit-loopback-cloudinary-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = diskStore({ dir, baseUrl: url, cloudName: options.cloudName, pendingTtlMs: options.pendingTtlMs ?? 60_000 });
  const ctx: ApiContext = { store, apiKey: options.apiKey, apiSecret: options.apiSecret, algorithm: options.signatureAlgorithm ?? 'sha1', pendingTtlMs: options.pendingTtlMs ?? 60_000 };
  const requests: LoopbackRequest[] = [];
  const sockets = new Set<Socket>();
  let down = false;
  let failure: { status: number; times: number; skip: number; message: string } | null = null;

  server.on('connection', (socket) => {
    if (down) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', url).pathname.split('/').map(decodeURIComponent);
    // /v1_1/<cloud>/<resource_type>/<action>
    if (req.method === 'POST' && path[1] === 'v1_1' && path.length === 5) {
      const [, , cloud, resourceType, action] = path as [string, string, string, string, string];
      void api(req, res, { cloud, resourceType, action });
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') return deliver(req, res, path);
    send(res, 404, errorBody('Not found'));
  });

  async function api(req: IncomingMessage, res: ServerResponse, route: { cloud: string; resourceType: string; action: string }) {
    const log = (answer: ApiAnswer) => {
      const { signature: _s, api_key: _k, ...params } = answer.fields;
      const entry: LoopbackRequest = { action: route.action, resourceType: route.resourceType, status: answer.status, params };
      if (req.headers['content-range']) entry.contentRange = String(req.headers['content-range']);
      if (req.headers['x-unique-upload-id']) entry.uploadId = String(req.headers['x-unique-upload-id']);
      requests.push(entry);
      send(res, answer.status, answer.body);
    };
    try {
      if (failure && failure.skip > 0) failure.skip--;
      else if (failure) {
        const { status, message } = failure;
        if (--failure.times === 0) failure = null;
        return log(await drained(req, { status, body: errorBody(message), fields: {} }));
      }
      if (route.cloud !== options.cloudName) return log(await drained(req, { status: 401, body: errorBody(`Invalid cloud_name ${route.cloud}`), fields: {} }));
      if (route.resourceType !== 'image' && route.resourceType !== 'video') {
        return log(await drained(req, { status: 400, body: errorBody(`Invalid resource type ${route.resourceType}`), fields: {} }));
      }
      if (route.action === 'upload') return log(await upload(req, ctx, route.resourceType));
      if (route.action === 'destroy') return log(await destroy(req, ctx, route.resourceType));
      return log(await drained(req, { status: 404, body: errorBody(`Unknown action ${route.action}`), fields: {} }));
    } catch {
      // A request cut off mid-body (the client went away): nothing was kept, nobody to answer.
      if (!res.headersSent && !res.destroyed) send(res, 400, errorBody('Incomplete request'));
    }
  }

  function deliver(req: IncomingMessage, res: ServerResponse, path: string[]) {
    // /<cloud>/<resource_type>/upload/v<version>/<public_id>.<format>
    const [, cloud, resourceType, type, version, ...rest] = path;
    const last = rest.join('/');
    const dot = last.lastIndexOf('.');
    const file = dot > 0 ? store.files.get(`${resourceType}/${last.slice(0, dot)}`) : undefined;
    if (cloud !== options.cloudName || type !== 'upload' || !file || version !== `v${file.version}` || last.slice(dot + 1) !== file.format) {
      return send(res, 404, errorBody('Resource not found'));
    }
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.bytes, 'X-Content-Type-Options': 'nosniff' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  }

  return {
    url,
    cloudinaryUrl: `cloudinary://${encodeURIComponent(options.apiKey)}:${encodeURIComponent(options.apiSecret)}@${options.cloudName}?upload_prefix=${url}`,
    files: store.files,
    requests,
    pendingUploads: () => store.pending.size,
    fail(status, failOptions = {}) {
      failure = status === null ? null : { status, times: failOptions.times ?? Infinity, skip: failOptions.skip ?? 0, message: failOptions.message ?? `Loopback failure ${status}` };
    },
    setDown(value) {
      down = value;
      if (down) for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.clear();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// --- internal ---

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
