import { z } from 'zod';
import { fileInput, multipart } from '../media/multipart-body.js';
import { replaceProfileMedia } from '../users/profile-media.js';
import { serializeUser } from '../users/serialize.js';
import { defineOperation } from './define.js';
import { userAnswer } from './shapes.js';
import { signedIn } from './signed-in.js';

/** A form with one image in its `file` field. */
const imageForm = multipart({ kinds: ['image'] });
const imageInput = z.object({ file: fileInput() });

/** The signed-in user's profile images: `vault.users.setAvatar` / `setCover`, `PUT /users/me/avatar|cover`. */
export const mediaOperations = [
  defineOperation({
    name: 'users.setAvatar', summary: 'Upload a new avatar image (JPEG, PNG, WebP, GIF or AVIF); the previous one is removed', auth: 'user',
    permission: 'profile:write', rateLimit: 'upload', input: imageInput, output: { 200: userAnswer }, errors: ['NOT_FOUND'],
    http: { method: 'PUT', path: '/users/me/avatar', body: imageForm },
    run: async (vault, input, call) => ({ user: serializeUser(await replaceProfileMedia(vault, { userId: signedIn(call).userId, slot: 'avatar', file: input.file })) }),
  }),
  defineOperation({
    name: 'users.setCover', summary: 'Upload a new cover image (JPEG, PNG, WebP, GIF or AVIF); the previous one is removed', auth: 'user',
    permission: 'profile:write', rateLimit: 'upload', input: imageInput, output: { 200: userAnswer }, errors: ['NOT_FOUND'],
    http: { method: 'PUT', path: '/users/me/cover', body: imageForm },
    run: async (vault, input, call) => ({ user: serializeUser(await replaceProfileMedia(vault, { userId: signedIn(call).userId, slot: 'cover', file: input.file })) }),
  }),
] as const;
