import type { OtpAttemptResult, OtpIssue } from '@vaultkit/core';
import { expect, it } from 'vitest';
import { OTP_POLICY, otpAttempt, otpIssue, TIME } from './fixtures.js';
import type { ContractEnv } from './setup.js';

interface Helpers {
  wrong: (issue: OtpIssue, after?: number) => Promise<OtpAttemptResult>;
  lock: (issue: OtpIssue, after?: number) => Promise<void>;
}

/** `otps` over time: expired codes, the end of a lock, retention against lock. Time moves through `now`. */
export function otpsTimeContract(env: ContractEnv, { wrong, lock }: Helpers): void {
  const otps = () => env.storage.otps;
  /** The right code of `issue`, tried at `t0 + after` ms. */
  const right = (issue: OtpIssue, after: number) => otps().attempt(otpAttempt(issue, issue.codeHash, env.t0 + after));
  /** A new code for the same flow, issued at `t0 + after` ms. */
  const reissue = (issue: OtpIssue, after: number) => otpIssue(env.t0 + after, { purpose: issue.purpose, subject: issue.subject });

  it('otps.attempt - the code answers ok a millisecond before expiresAt', async () => {
    const issue = otpIssue(env.t0);
    await otps().issue(issue);
    await expect(right(issue, 5 * TIME.MINUTE - 1)).resolves.toEqual({ status: 'ok' });
  });

  it('otps.attempt - an expired code (at expiresAt and after) never answers ok and counts as wrong', async () => {
    const issue = otpIssue(env.t0);
    await otps().issue(issue);
    await expect(right(issue, 5 * TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
    await expect(right(issue, 6 * TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 2 });
  });

  it('otps.attempt - the right but expired code on the last allowed attempt locks the flow', async () => {
    const issue = otpIssue(env.t0);
    await otps().issue(issue);
    for (let i = 0; i < OTP_POLICY.maxAttempts - 1; i++) await wrong(issue);
    await expect(right(issue, 10 * TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: 0 });
    await expect(right(issue, 11 * TIME.MINUTE)).resolves.toEqual({ status: 'locked', until: env.at(10 * TIME.MINUTE + OTP_POLICY.lockMs) });
  });

  it('otps.attempt - the lock ends at lockUntil; the count is not reset, so the next wrong attempt locks again', async () => {
    const issue = otpIssue(env.t0);
    await otps().issue(issue);
    await lock(issue);
    await expect(right(issue, OTP_POLICY.lockMs - 1)).resolves.toMatchObject({ status: 'locked' });
    const fresh = reissue(issue, OTP_POLICY.lockMs + TIME.MINUTE);
    await otps().issue(fresh);
    await expect(wrong(fresh, OTP_POLICY.lockMs + TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: 0 });
    await expect(right(fresh, OTP_POLICY.lockMs + 2 * TIME.MINUTE)).resolves.toMatchObject({ status: 'locked' });
  });

  it('otps.attempt - after the lock, the right code answers ok', async () => {
    const issue = otpIssue(env.t0);
    await otps().issue(issue);
    await lock(issue);
    const after = OTP_POLICY.lockMs;
    const fresh = reissue(issue, after);
    await otps().issue(fresh);
    await expect(right(fresh, after)).resolves.toEqual({ status: 'ok' });
  });

  it('otps.issue - the record (and its count) vanishes at retainUntil: missing, and a new code starts afresh', async () => {
    const issue = otpIssue(env.t0, { retainUntil: env.at(TIME.HOUR) });
    await otps().issue(issue);
    await wrong(issue);
    await expect(right(issue, TIME.HOUR)).resolves.toEqual({ status: 'missing' });
    const fresh = reissue(issue, TIME.HOUR + TIME.MINUTE);
    await otps().issue(fresh);
    await expect(wrong(fresh, TIME.HOUR + TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
  });

  it('otps.attempt - a lock outlives an earlier retainUntil, then the record vanishes with it', async () => {
    const issue = otpIssue(env.t0, { retainUntil: env.at(TIME.MINUTE) });
    await otps().issue(issue);
    await lock(issue);
    await expect(right(issue, 5 * TIME.MINUTE)).resolves.toEqual({ status: 'locked', until: env.at(OTP_POLICY.lockMs) });
    await expect(right(issue, OTP_POLICY.lockMs)).resolves.toEqual({ status: 'missing' });
  });

  it('otps.issue - a re-issue within retention keeps the count, judged at the issue\'s own now', async () => {
    const issue = otpIssue(env.t0, { retainUntil: env.at(TIME.HOUR) });
    await otps().issue(issue);
    await wrong(issue);
    const within = reissue(issue, TIME.HOUR - 1);
    await otps().issue({ ...within, retainUntil: env.at(2 * TIME.HOUR) });
    await expect(wrong(within, TIME.HOUR + TIME.MINUTE)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 2 });
  });
}
