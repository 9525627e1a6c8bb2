import type { VaultRequest } from './types.js';

/** The first value of a request header (Node gives repeated headers as an array), or `undefined`. */
export function firstHeader(headers: VaultRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
