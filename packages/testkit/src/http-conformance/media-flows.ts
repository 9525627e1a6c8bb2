import type { VaultEventMap, VaultEventName } from '@vaultkit/core';
import { expect } from 'vitest';
import { mp4Sample, pngSample } from '../uploader-contract/samples.js';
import { expectSuccess, type Json, type Session } from './flows.js';
import type { Ctx } from './harness.js';
import { sendForm, type Part } from './multipart.js';

/** A small real PNG (16×12 pixels). */
export const IMAGE: Uint8Array = pngSample(11, { width: 16, height: 12 }).bytes;
/** A small MP4 by its magic bytes. */
export const VIDEO: Uint8Array = mp4Sample(12, 4096).bytes;
/** An ELF executable's header. */
export const ELF: Buffer = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
/** An SVG that carries a script. */
export const SVG: Buffer = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(document.cookie)</script></svg>',
);

/** What `postAsset` sends besides the file. */
export interface AssetForm {
  title?: string;
  visibility?: 'public' | 'private';
  data?: Uint8Array;
  filename?: string;
  type?: string;
}

/** `POST /assets` as `s`; expects 201 and returns the asset. */
export async function postAsset(ctx: Ctx, s: Session, form: AssetForm = {}): Promise<Json> {
  const parts: Part[] = [];
  if (form.title !== undefined) parts.push({ name: 'title', value: form.title });
  if (form.visibility) parts.push({ name: 'visibility', value: form.visibility });
  parts.push({ name: 'file', filename: form.filename ?? 'photo.png', type: form.type ?? 'image/png', data: form.data ?? IMAGE });
  const answer = await sendForm(ctx, 'POST /assets', { parts, token: s.accessToken });
  return (expectSuccess(answer, 201) as Json).asset;
}

/** Gives `s` a username (a channel needs one) through `PATCH /users/me`. */
export async function setUsername(ctx: Ctx, s: Session, username: string): Promise<void> {
  const answer = await ctx.api('PATCH', '/users/me', { token: s.accessToken, json: { username } });
  expect(answer.status).toBe(200);
}

/** Collects the payloads of `event` the vault emits from now on. */
export function record<E extends VaultEventName>(ctx: Ctx, event: E): VaultEventMap[E][] {
  const seen: VaultEventMap[E][] = [];
  ctx.vault.on(event, (payload) => seen.push(payload));
  return seen;
}
