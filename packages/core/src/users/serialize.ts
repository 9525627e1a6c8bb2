import type { UserRecord } from '../ports/storage.js';

/** The user as clients see it (DESIGN §7b): no hash, no secret field. */
export interface PublicUserJson {
  id: string;
  email: string;
  username: string | null;
  name: string | null;
  bio: string | null;
  role: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  avatarUrl: string | null;
  coverUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The channel view of another user: no email, role or verification state. */
export type ChannelUserJson = Omit<PublicUserJson, 'email' | 'role' | 'emailVerified' | 'twoFactorEnabled'>;

/**
 * The only place that decides what a client sees of a user. Fields are picked one by one, so a
 * field added to the record later stays private until it is added here.
 */
export function serializeUser(user: UserRecord): PublicUserJson {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    bio: user.bio,
    role: user.role,
    emailVerified: user.emailVerified,
    twoFactorEnabled: user.twoFactorEnabled,
    avatarUrl: user.avatar?.url ?? null,
    coverUrl: user.cover?.url ?? null,
    createdAt: isoString(user.createdAt),
    updatedAt: isoString(user.updatedAt),
  };
}

/** The public (channel) view. */
export function serializeChannelUser(user: UserRecord): ChannelUserJson {
  const { email: _email, role: _role, emailVerified: _v, twoFactorEnabled: _t, ...rest } = serializeUser(user);
  return rest;
}

// --- internal ---

/** Instant (ms) → its ISO text; bounded, emptied when full. */
const isoCache = new Map<number, string>();
const ISO_CACHE_SIZE = 1024;

/**
 * `date.toISOString()`, remembered per instant: `GET /users/me` serialises the same two dates
 * on every request, and formatting one costs more than the rest of `serializeUser`. An invalid
 * date still throws, as `toISOString` does.
 */
function isoString(date: Date): string {
  const time = date.getTime();
  let text = isoCache.get(time);
  if (text === undefined) {
    text = date.toISOString();
    if (isoCache.size >= ISO_CACHE_SIZE) isoCache.clear();
    isoCache.set(time, text);
  }
  return text;
}
