import { z } from 'zod';

/**
 * The public objects operations answer with, as zod schemas: the OpenAPI document declares them,
 * and the conformance tests check real answers against them. Named ones (`.meta({ id })`) become
 * `components/schemas` entries.
 */

const timestamp = z.iso.datetime();

export const userShape = z
  .object({
    id: z.string(),
    email: z.string(),
    username: z.string().nullable(),
    name: z.string().nullable(),
    bio: z.string().nullable(),
    role: z.string(),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    avatarUrl: z.string().nullable(),
    coverUrl: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .strict()
  .meta({ id: 'User', description: 'A user as clients see it: no hash or secret field' });

export const userAnswer = z.object({ user: userShape }).strict();

/** Over HTTP, the token fields are left out of the body when `http.tokenTransport` is `"cookie"`. */
export const sessionShape = z
  .object({
    user: userShape,
    accessToken: z.string().describe('Absent when http.tokenTransport is "cookie"'),
    refreshToken: z.string().describe('Absent when http.tokenTransport is "cookie"'),
    expiresIn: z.number().int().describe('Access-token lifetime in seconds'),
  })
  .strict()
  .meta({ id: 'Session', description: 'A signed-in answer; the token cookies are set too (per tokenTransport)' });

export const messageShape = z.object({ message: z.string() }).strict().meta({ id: 'Message' });

export const challengeShape = z
  .object({ challengeId: z.string(), challenge: z.literal('email-otp') })
  .strict()
  .meta({ id: 'LoginChallenge', description: 'The emailed code finishes the login (POST /auth/login/verify)' });

export const deviceShape = z
  .object({
    id: z.string(),
    current: z.boolean(),
    createdAt: timestamp,
    lastUsedAt: timestamp,
    expiresAt: timestamp,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'Device', description: 'One live session of the account' });

/** The list answer of DESIGN §7b. */
export function listShape<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.number().int(), limit: z.number().int(), total: z.number().int() }).strict();
}

export type ListJson<T> = { items: T[]; page: number; limit: number; total: number };

export const channelUserShape = userShape
  .omit({ email: true, role: true, emailVerified: true, twoFactorEnabled: true })
  .strict()
  .meta({ id: 'PublicUser', description: "A user's public (channel) view: no email, role or verification state" });

export const channelShape = z
  .object({
    user: channelUserShape,
    subscriberCount: z.number().int(),
    subscriptionCount: z.number().int(),
    assetCount: z.number().int().describe('Public assets only'),
    isSubscribed: z.boolean().describe('Whether the signed-in viewer follows the channel (false when anonymous)'),
  })
  .strict()
  .meta({ id: 'Channel', description: "A user's channel page" });

export const assetShape = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    kind: z.enum(['image', 'video']),
    format: z.string(),
    bytes: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    duration: z.number().optional().describe('Seconds (videos)'),
    url: z.string(),
    title: z.string(),
    description: z.string(),
    visibility: z.enum(['public', 'private']),
    createdAt: timestamp,
  })
  .strict()
  .meta({ id: 'Asset', description: 'An uploaded image or video (its metadata; the file lives at url)' });

export const assetAnswer = z.object({ asset: assetShape }).strict();
