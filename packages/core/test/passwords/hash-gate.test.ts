import { describe, expect, it } from 'vitest';
import { hashGate } from '../../src/passwords/hash-gate.js';
import { createVault } from '../../src/index.js';
import { SECRET } from '../helpers/vault.js';

/** A task the test finishes by hand. */
function deferred() {
  let settle!: (ok: boolean) => void;
  const promise = new Promise<string>((resolve, reject) => {
    settle = (ok) => (ok ? resolve('done') : reject(new Error('failed')));
  });
  return { promise, settle };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** @see issue 13 (event-loop delay while logins hash: thread-pool crypto bounded) */
describe('hashGate', () => {
  it('runs at most `limit` tasks at once, the others in arrival order; a failure frees its slot too', async () => {
    const gate = hashGate(2);
    const tasks = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = tasks.map((task, i) =>
      gate.run(() => {
        started.push(i);
        return task.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    tasks[1]!.settle(false);
    await expect(results[1]).rejects.toThrow('failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]!.settle(true);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    tasks[2]!.settle(true);
    tasks[3]!.settle(true);
    expect(await Promise.all([results[0], results[2], results[3]])).toEqual(['done', 'done', 'done']);
    // All slots free again: the next task starts at once.
    let ran = false;
    await gate.run(async () => (ran = true));
    expect(ran).toBe(true);
  });

  it('is configured by passwords.maxConcurrentHashes (1 to 1024), by default one less than the cores, at least 1', () => {
    const config = (maxConcurrentHashes?: number) => createVault({ tokens: { secret: SECRET }, passwords: { maxConcurrentHashes } }).config.passwords;
    expect(config().maxConcurrentHashes).toBeGreaterThanOrEqual(1);
    expect(config(3).maxConcurrentHashes).toBe(3);
    expect(() => config(0)).toThrow(/passwords\.maxConcurrentHashes/);
    expect(() => config(1.5)).toThrow(/passwords\.maxConcurrentHashes/);
  });
});
