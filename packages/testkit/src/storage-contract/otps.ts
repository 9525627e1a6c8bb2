import type { OtpIssue } from '@vaultkit/core';
import { describe, expect, it } from 'vitest';
import { hashOf, OTP_POLICY, otpAttempt, otpIssue, TIME, WRONG_CODE } from './fixtures.js';
import type { ContractEnv } from './setup.js';
import { otpsTimeContract } from './otps-time.js';

/** `otps`: the state machine of the port's JSDoc, single use, atomic counting kept across re-issues. */
export function otpsContract(env: ContractEnv): void {
  const otps = () => env.storage.otps;
  /** A wrong attempt at `t0 + after` ms. */
  const wrong = (issue: OtpIssue, after = 0) => otps().attempt(otpAttempt(issue, WRONG_CODE, env.t0 + after));
  const lock = async (issue: OtpIssue, after = 0) => {
    for (let i = 0; i < OTP_POLICY.maxAttempts; i++) await wrong(issue, after);
  };

  describe('otps', () => {
    it('otps.attempt - the right code answers ok once, then the record is gone (missing)', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'ok' });
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'missing' });
    });

    it('otps.attempt - missing when nothing was issued for (purpose, subject)', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      await expect(otps().attempt({ ...otpAttempt(issue), purpose: 'login' })).resolves.toEqual({ status: 'missing' });
      await expect(otps().attempt(otpAttempt(otpIssue(env.t0)))).resolves.toEqual({ status: 'missing' });
    });

    it('otps.attempt - a wrong code counts down attemptsLeft, the last allowed one answers 0, then locked until lockUntil', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      const left = [];
      for (let i = 0; i < OTP_POLICY.maxAttempts; i++) left.push(await wrong(issue));
      expect(left).toEqual([4, 3, 2, 1, 0].map((attemptsLeft) => ({ status: 'invalid', attemptsLeft })));
      // The lock end is the `lockUntil` of the attempt that set it, exactly.
      const locked = await otps().attempt(otpAttempt(issue, issue.codeHash, env.t0 + TIME.MINUTE));
      expect(locked).toEqual({ status: 'locked', until: env.at(OTP_POLICY.lockMs) });
    });

    it('otps.issue - a new code keeps the wrong-attempt count', async () => {
      const first = otpIssue(env.t0);
      await otps().issue(first);
      await wrong(first);
      await wrong(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(wrong(second)).resolves.toEqual({ status: 'invalid', attemptsLeft: 2 });
    });

    it('otps.issue - a new code keeps the lock', async () => {
      const first = otpIssue(env.t0);
      await otps().issue(first);
      await lock(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(otps().attempt(otpAttempt(second))).resolves.toMatchObject({ status: 'locked' });
    });

    it('otps.attempt - a replaced code never answers ok; the new one does', async () => {
      const first = otpIssue(env.t0);
      await otps().issue(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(otps().attempt(otpAttempt(first))).resolves.toMatchObject({ status: 'invalid' });
      await expect(otps().attempt(otpAttempt(second))).resolves.toEqual({ status: 'ok' });
    });

    it('otps.attempt - success resets the count', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      await wrong(issue);
      await wrong(issue);
      await otps().attempt(otpAttempt(issue));
      const next = { ...issue, codeHash: hashOf('next') };
      await otps().issue(next);
      await expect(wrong(next)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
    });

    it('otps.attempt - the right code on the last allowed attempt answers ok', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      for (let i = 0; i < OTP_POLICY.maxAttempts - 1; i++) await wrong(issue);
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'ok' });
    });

    it('otps.attempt - 20 concurrent wrong attempts with max 5: exactly 5 invalid (last 0 left), 15 locked', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      const results = await Promise.all(Array.from({ length: 20 }, () => wrong(issue)));
      const left = results.flatMap((r) => (r.status === 'invalid' ? [r.attemptsLeft] : []));
      expect(left.sort((a, b) => b - a)).toEqual([4, 3, 2, 1, 0]);
      expect(results.filter((r) => r.status === 'locked')).toHaveLength(15);
      await expect(otps().attempt(otpAttempt(issue))).resolves.toMatchObject({ status: 'locked' });
    });

    it('otps.attempt - 20 concurrent right attempts: exactly one ok', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      const results = await Promise.all(Array.from({ length: 20 }, () => otps().attempt(otpAttempt(issue))));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
    });

    it('otps.delete - removes the record (code and count); idempotent', async () => {
      const issue = otpIssue(env.t0);
      await otps().issue(issue);
      await wrong(issue);
      await otps().delete(issue.purpose, issue.subject);
      await expect(otps().delete(issue.purpose, issue.subject)).resolves.toBeUndefined();
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'missing' });
      await otps().issue(issue);
      await expect(wrong(issue)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
    });

    it('otps.attempt - purposes of one subject are independent', async () => {
      const issue = otpIssue(env.t0);
      const login = otpIssue(env.t0, { purpose: 'login', subject: issue.subject });
      await otps().issue(issue);
      await otps().issue(login);
      await lock(issue);
      await expect(otps().attempt(otpAttempt(login))).resolves.toEqual({ status: 'ok' });
    });

    otpsTimeContract(env, { wrong, lock });
  });
}
