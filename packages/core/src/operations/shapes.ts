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
