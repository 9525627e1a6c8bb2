// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import { Schema } from 'mongoose';
import { type MediaRefDoc, mediaRefSchema, SCHEMA_OPTIONS } from './options.js';

/** An account as stored: the `UserRecord` plus the case-folded copies the unique indexes use. */
export interface UserDoc {
  _id: string;
  /** As the user typed it. */
  email: string;
  /** `email` with ASCII `A-Z` folded: the unique index and every lookup use this one. */
  emailLower: string;
  username: string | null;
  /** `username` folded; `null` while there is none (outside the partial unique index). */
  usernameLower: string | null;
  passwordHash: string;
  role: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  name: string | null;
  bio: string | null;
  avatar: MediaRefDoc | null;
  cover: MediaRefDoc | null;
  banned: boolean;
  credentialVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Index names: a duplicate-key error is mapped to a field by the name of its index. */
export const USER_INDEXES = {
  email: 'email_unique',
  username: 'username_unique',
  newest: 'newest',
  role: 'role_newest',
} as const;

/** Unique index name → the field a `ConflictError` names. */
export const USER_CONFLICT_FIELDS: Readonly<Record<string, string>> = {
  [USER_INDEXES.email]: 'email',
  [USER_INDEXES.username]: 'username',
};

/** Key of a unique index → the field a `ConflictError` names (when the error carries no index name). */
export const USER_CONFLICT_KEYS: Readonly<Record<string, string>> = {
  emailLower: 'email',
  usernameLower: 'username',
};

export const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true },
    emailLower: { type: String, required: true },
    username: { type: String, default: null },
    usernameLower: { type: String, default: null },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true },
    emailVerified: { type: Boolean, required: true },
    twoFactorEnabled: { type: Boolean, required: true },
    name: { type: String, default: null },
    bio: { type: String, default: null },
    avatar: { type: mediaRefSchema, default: null },
    cover: { type: mediaRefSchema, default: null },
    banned: { type: Boolean, required: true },
    credentialVersion: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

// Case-insensitive uniqueness through the folded copy rather than a collation: a collation
// index serves only queries that name the same collation, and it would change the byte order
// the port requires for ties on `_id`.
userSchema.index({ emailLower: 1 }, { name: USER_INDEXES.email, unique: true });
// Unique among the users that have a username: `null` is outside the partial index, so any
// number of users may have none, and clearing a username frees it at once.
userSchema.index(
  { usernameLower: 1 },
  { name: USER_INDEXES.username, unique: true, partialFilterExpression: { usernameLower: { $type: 'string' } } },
);
// `users.list`: newest first, ties by id, with or without the role filter.
userSchema.index({ createdAt: -1, _id: -1 }, { name: USER_INDEXES.newest });
userSchema.index({ role: 1, createdAt: -1, _id: -1 }, { name: USER_INDEXES.role });
