import { describe, expect, it } from 'vitest';
import { hashOf, OTP_POLICY, otpAttempt, otpIssue, TIME, WRONG_CODE } from './fixtures.js';
import type { ContractEnv } from './setup.js';

/** `otps`: single use, atomic attempt counting kept across re-issues, locks through the clock. */
export function otpsContract(env: ContractEnv): void {
  const otps = () => env.storage.otps;
  const wrong = (issue: ReturnType<typeof otpIssue>) => otps().attempt(otpAttempt(issue, WRONG_CODE));
  const lock = async (issue: ReturnType<typeof otpIssue>) => {
    for (let i = 0; i < OTP_POLICY.maxAttempts; i++) await wrong(issue);
  };

  describe('otps', () => {
    it('otps.attempt - the right code answers ok once, then the record is gone', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'ok' });
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'missing' });
    });

    it('otps.attempt - missing when nothing was issued for (purpose, subject)', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      await expect(otps().attempt({ ...otpAttempt(issue), purpose: 'login' })).resolves.toEqual({ status: 'missing' });
      await expect(otps().attempt(otpAttempt(otpIssue(env.clock)))).resolves.toEqual({ status: 'missing' });
    });

    it('otps.attempt - a wrong code counts down attemptsLeft, the last one answers 0, then locked', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      const left = [];
      for (let i = 0; i < OTP_POLICY.maxAttempts; i++) left.push(await wrong(issue));
      expect(left).toEqual([4, 3, 2, 1, 0].map((attemptsLeft) => ({ status: 'invalid', attemptsLeft })));
      const locked = await otps().attempt(otpAttempt(issue));
      const until = env.clock.now() + OTP_POLICY.lockMs;
      if (env.caps.injectableClock) expect(locked).toEqual({ status: 'locked', until: new Date(until) });
      // On the adapter's own clock `until` can only be checked roughly.
      else expect(locked.status === 'locked' && Math.abs(locked.until.getTime() - until)).toBeLessThan(TIME.MINUTE);
    });

    it('otps.issue - a new code keeps the wrong-attempt count', async () => {
      const first = otpIssue(env.clock);
      await otps().issue(first);
      await wrong(first);
      await wrong(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(wrong(second)).resolves.toEqual({ status: 'invalid', attemptsLeft: 2 });
    });

    it('otps.issue - a new code keeps the lock', async () => {
      const first = otpIssue(env.clock);
      await otps().issue(first);
      await lock(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(otps().attempt(otpAttempt(second))).resolves.toMatchObject({ status: 'locked' });
    });

    it('otps.attempt - a replaced code never answers ok; the new one does', async () => {
      const first = otpIssue(env.clock);
      await otps().issue(first);
      const second = { ...first, codeHash: hashOf('second') };
      await otps().issue(second);
      await expect(otps().attempt(otpAttempt(first))).resolves.toMatchObject({ status: 'invalid' });
      await expect(otps().attempt(otpAttempt(second))).resolves.toEqual({ status: 'ok' });
    });

    it('otps.attempt - success resets the count', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      await wrong(issue);
      await wrong(issue);
      await otps().attempt(otpAttempt(issue));
      const next = { ...issue, codeHash: hashOf('next') };
      await otps().issue(next);
      await expect(wrong(next)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
    });

    it('otps.attempt - 20 concurrent wrong attempts with max 5: exactly 5 invalid (last 0 left), 15 locked', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      const results = await Promise.all(Array.from({ length: 20 }, () => wrong(issue)));
      const left = results.flatMap((r) => (r.status === 'invalid' ? [r.attemptsLeft] : []));
      expect(left.sort((a, b) => b - a)).toEqual([4, 3, 2, 1, 0]);
      expect(results.filter((r) => r.status === 'locked')).toHaveLength(15);
      await expect(otps().attempt(otpAttempt(issue))).resolves.toMatchObject({ status: 'locked' });
    });

    it('otps.attempt - 20 concurrent right attempts: exactly one ok', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      const results = await Promise.all(Array.from({ length: 20 }, () => otps().attempt(otpAttempt(issue))));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
    });

    it('otps.delete - removes the record (code and count); idempotent', async () => {
      const issue = otpIssue(env.clock);
      await otps().issue(issue);
      await wrong(issue);
      await otps().delete(issue.purpose, issue.subject);
      await expect(otps().delete(issue.purpose, issue.subject)).resolves.toBeUndefined();
      await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'missing' });
      await otps().issue(issue);
      await expect(wrong(issue)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
    });

    expiryContract(env, { otps, wrong, lock });
  });
}

interface Helpers {
  otps: () => ContractEnv['storage']['otps'];
  wrong: (issue: ReturnType<typeof otpIssue>) => ReturnType<ContractEnv['storage']['otps']['attempt']>;
  lock: (issue: ReturnType<typeof otpIssue>) => Promise<void>;
}

function expiryContract(env: ContractEnv, { otps, wrong, lock }: Helpers): void {
  env.itWithClock('otps.attempt - an expired code never answers ok and counts as wrong', async () => {
    const issue = otpIssue(env.clock);
    await otps().issue(issue);
    env.clock.advance(5 * TIME.MINUTE + 1_000);
    await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
  });

  env.itWithClock('otps.attempt - the lock ends through the clock; the count is not reset', async () => {
    const issue = otpIssue(env.clock);
    await otps().issue(issue);
    await lock(issue);
    env.clock.advance(OTP_POLICY.lockMs - TIME.MINUTE);
    await expect(otps().attempt(otpAttempt(issue))).resolves.toMatchObject({ status: 'locked' });
    env.clock.advance(2 * TIME.MINUTE);
    const fresh = otpIssue(env.clock, { purpose: issue.purpose, subject: issue.subject });
    await otps().issue(fresh);
    await expect(wrong(fresh)).resolves.toEqual({ status: 'invalid', attemptsLeft: 0 });
    await expect(otps().attempt(otpAttempt(fresh))).resolves.toMatchObject({ status: 'locked' });
  });

  env.itWithClock('otps.attempt - after the lock, the right code answers ok', async () => {
    const issue = otpIssue(env.clock);
    await otps().issue(issue);
    await lock(issue);
    env.clock.advance(OTP_POLICY.lockMs + TIME.MINUTE);
    const fresh = otpIssue(env.clock, { purpose: issue.purpose, subject: issue.subject });
    await otps().issue(fresh);
    await expect(otps().attempt(otpAttempt(fresh))).resolves.toEqual({ status: 'ok' });
  });

  env.itWithClock('otps.issue - the record (and its count) vanishes after retainUntil', async () => {
    const issue = otpIssue(env.clock, { retainUntil: new Date(env.clock.now() + TIME.HOUR) });
    await otps().issue(issue);
    await wrong(issue);
    env.clock.advance(TIME.HOUR + TIME.MINUTE);
    await expect(otps().attempt(otpAttempt(issue))).resolves.toEqual({ status: 'missing' });
    const fresh = otpIssue(env.clock, { purpose: issue.purpose, subject: issue.subject });
    await otps().issue(fresh);
    await expect(wrong(fresh)).resolves.toEqual({ status: 'invalid', attemptsLeft: OTP_POLICY.maxAttempts - 1 });
  });

  env.itWithClock('otps.attempt - a lock outlives an earlier retainUntil', async () => {
    const issue = otpIssue(env.clock, { retainUntil: new Date(env.clock.now() + TIME.MINUTE) });
    await otps().issue(issue);
    await lock(issue);
    env.clock.advance(5 * TIME.MINUTE);
    await expect(otps().attempt(otpAttempt(issue))).resolves.toMatchObject({ status: 'locked' });
  });

  it('otps.attempt - purposes of one subject are independent', async () => {
    const issue = otpIssue(env.clock);
    const login = otpIssue(env.clock, { purpose: 'login', subject: issue.subject });
    await otps().issue(issue);
    await otps().issue(login);
    await lock(issue);
    await expect(otps().attempt(otpAttempt(login))).resolves.toEqual({ status: 'ok' });
  });
}
