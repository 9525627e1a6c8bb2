// @vaultkit/mongoose: reaches core only through `@vaultkit/core` (never its files).
import type { OtpAttempt, OtpAttemptResult, OtpsRepository } from '@vaultkit/core';
import type { mongo } from 'mongoose';
import { literal } from './internal.js';
import { type OtpDoc, otpKey } from './schemas/otps.js';

/**
 * One-time codes, one document per (purpose, subject), following the state machine of the
 * port's JSDoc with single-document atomic operations judged at the `now` core passes:
 * - `issue` is one pipeline upsert that keeps the count and lock of a record still existing at
 *   `now` and resets them otherwise;
 * - `attempt` is a `findOneAndDelete` guarded by "right, unexpired code, no lock" (`ok`: only
 *   one caller can delete), else a `findOneAndUpdate` guarded by "wrong or expired code, no
 *   lock" that counts and locks in a pipeline (each caller sees its own count), else a read
 *   that tells `locked` from `missing`. The two guards are disjoint, so no attempt is counted
 *   twice or answered `ok` after another caller's `ok`.
 *
 * @example
 * const otps = mongooseOtps(collectionsOf(vaultkitModels(connection)).otps);
 */
export function mongooseOtps(otps: mongo.Collection<OtpDoc>): OtpsRepository {
  return {
    async issue(otp) {
      // The record exists at `now` while `max(retainUntil, lockedUntil)` is after it; `$max`
      // skips a null lock, and a new document (upsert) has neither field: null, not after now.
      const exists = { $gt: [{ $max: ['$retainUntil', '$lockedUntil'] }, otp.now] };
      await otps.updateOne(
        { _id: otpKey(otp.purpose, otp.subject) },
        [
          // NIST SP 800-63B: a new code keeps the wrong-attempt count and any lock.
          {
            $set: {
              attempts: { $cond: [exists, { $ifNull: ['$attempts', 0] }, 0] },
              lockedUntil: { $cond: [exists, { $ifNull: ['$lockedUntil', null] }, null] },
            },
          },
          {
            $set: {
              purpose: literal(otp.purpose),
              subject: literal(otp.subject),
              codeHash: literal(otp.codeHash),
              expiresAt: literal(otp.expiresAt),
              retainUntil: literal(otp.retainUntil),
              purgeAt: { $max: [literal(otp.retainUntil), '$lockedUntil'] },
            },
          },
        ],
        { upsert: true },
      );
    },

    async attempt(attempt) {
      const key = otpKey(attempt.purpose, attempt.subject);
      // Each round's steps are atomic on their own; a round ends without an answer only when
      // the record changed between them (a new code issued), and the next round sees the new one.
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        const answer = await attemptRound(otps, key, attempt);
        if (answer) return answer;
      }
      throw new Error('otps.attempt: the record kept changing under the attempt');
    },

    async delete(purpose, subject) {
      await otps.deleteOne({ _id: otpKey(purpose, subject) });
    },
  };
}

// --- internal ---

const MAX_ROUNDS = 5;

/** One pass of the state machine; `null` when the record changed between its steps. */
async function attemptRound(otps: mongo.Collection<OtpDoc>, key: string, attempt: OtpAttempt): Promise<OtpAttemptResult | null> {
  const { now, codeHash, maxAttempts, lockUntil } = attempt;
  // No lock holds: none, or it ended at or before `now`. With no lock holding, the record
  // exists exactly while `retainUntil` is after `now`. (`null` also matches a missing field.)
  const usable: mongo.Filter<OtpDoc> = {
    _id: key,
    retainUntil: { $gt: now },
    $or: [{ lockedUntil: null }, { lockedUntil: { $lte: now } }],
  };

  // 3. The right, unexpired code: delete the record (single use; resets the count).
  const consumed = await otps.findOneAndDelete({ ...usable, codeHash, expiresAt: { $gt: now } }, { projection: { _id: 1 } });
  if (consumed) return { status: 'ok' };

  // 4. A wrong code, or the right one after `expiresAt`: count it, and lock at the limit.
  // The count is never reset by the end of a lock, so the first wrong attempt after it locks again.
  const counted = await otps.findOneAndUpdate(
    { ...usable, $and: [{ $or: [{ codeHash: { $ne: codeHash } }, { expiresAt: { $lte: now } }] }] },
    [
      { $set: { attempts: { $add: [{ $ifNull: ['$attempts', 0] }, 1] } } },
      { $set: { lockedUntil: { $cond: [{ $gte: ['$attempts', maxAttempts] }, literal(lockUntil), '$lockedUntil'] } } },
      { $set: { purgeAt: { $max: ['$retainUntil', '$lockedUntil'] } } },
    ],
    { returnDocument: 'after', projection: { attempts: 1 } },
  );
  if (counted) {
    const count = Number(counted.attempts);
    return { status: 'invalid', attemptsLeft: Math.max(0, maxAttempts - count) };
  }

  // 1-2. Neither guard matched: no record at `now`, or a lock holds.
  const doc = await otps.findOne({ _id: key }, { projection: { retainUntil: 1, lockedUntil: 1 } });
  const lockedUntil = doc?.lockedUntil?.getTime() ?? null;
  const vanishesAt = doc ? Math.max(doc.retainUntil.getTime(), lockedUntil ?? 0) : 0;
  if (!doc || vanishesAt <= now.getTime()) return { status: 'missing' };
  if (lockedUntil !== null && lockedUntil > now.getTime()) return { status: 'locked', until: new Date(lockedUntil) };
  return null;
}
