// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { OtpPurpose } from '@vaultkit/core';
import { Schema } from 'mongoose';
import { PURGE_INDEX, SCHEMA_OPTIONS } from './options.js';

/** The one record of a (purpose, subject) flow. */
export interface OtpDoc {
  /** `<purpose>:<subject>` (purposes contain no `:`, so the key is unambiguous). */
  _id: string;
  purpose: OtpPurpose;
  subject: string;
  codeHash: string;
  expiresAt: Date;
  retainUntil: Date;
  /** Wrong attempts since the last success, across re-issues and locks. */
  attempts: number;
  lockedUntil: Date | null;
  /** `max(retainUntil, lockedUntil)`: the record exists until then (TTL index). */
  purgeAt: Date;
}

export const OTP_INDEXES = { purge: PURGE_INDEX } as const;

export const otpKey = (purpose: OtpPurpose, subject: string): string => `${purpose}:${subject}`;

export const otpSchema = new Schema<OtpDoc>(
  {
    _id: { type: String, required: true },
    purpose: { type: String, required: true },
    subject: { type: String, required: true },
    codeHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    retainUntil: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date, default: null },
    purgeAt: { type: Date, required: true },
  },
  SCHEMA_OPTIONS,
);

otpSchema.index({ purgeAt: 1 }, { name: OTP_INDEXES.purge, expireAfterSeconds: 0 });
