import type { ServerResponse } from 'node:http';
import type { VaultResponse } from '../http/types.js';

/**
 * The one content type of every vault answer with a body.
 *
 * @example
 * reply.type(JSON_CONTENT_TYPE).send(serializeBody(response));
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Writes a `VaultResponse` to Node's response: the status and every header (a `Set-Cookie`
 * array stays one header line per cookie) in one `writeHead`, the JSON body in one `end`.
 * `Content-Type` and `Content-Length` are added to `response.headers` (the response is consumed:
 * no second header object per request). Headers the app set before (`res.setHeader`, e.g. CORS
 * or helmet) are kept; a vault header of the same name wins. After the headers went out nothing
 * sensible can be written, so the exchange is ended instead of left hanging.
 *
 * @example
 * writeVaultResponse(res, await vault.http.handle(route, toVaultRequest(req, req.params, req)));
 */
export function writeVaultResponse(res: ServerResponse, response: VaultResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers = response.headers;
  if (response.body === undefined) {
    // `writeHead` sends the head at once: without a length Node would switch to chunked encoding.
    if (response.status !== 204 && response.status !== 304) headers['Content-Length'] = '0';
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const json = serializeBody(response);
  headers['Content-Type'] = JSON_CONTENT_TYPE;
  headers['Content-Length'] = String(Buffer.byteLength(json));
  res.writeHead(response.status, headers);
  res.end(json);
}

/**
 * The body of a `VaultResponse` as the JSON text every adapter writes. Call it only when
 * `response.body` is not `undefined` (an answer without a body is written with none).
 *
 * @example
 * if (response.body !== undefined) reply.type(JSON_CONTENT_TYPE).send(serializeBody(response));
 */
export function serializeBody(response: VaultResponse): string {
  return JSON.stringify(response.body);
}
