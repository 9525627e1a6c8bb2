import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchLookups } from '../../src/index.js';

/** A lookup that records each batch it receives and answers `query * 10`, or waits when told. */
function recordingLookup() {
  const batches: number[][] = [];
  const held: Array<() => void> = [];
  let hold = false;
  const lookup = async (queries: readonly number[]) => {
    batches.push([...queries]);
    if (hold) await new Promise<void>((release) => held.push(release));
    return queries.map((q) => q * 10);
  };
  return {
    lookup,
    batches,
    hold: () => (hold = true),
    releaseAll: () => {
      hold = false;
      for (const release of held.splice(0)) release();
    },
  };
}

describe('batchLookups', () => {
  it('sends the queries of one turn in one call, in order, and answers each with its own result', async () => {
    const { lookup, batches } = recordingLookup();
    const find = batchLookups(lookup);
    const answers = await Promise.all([find(1), find(2), find(3)]);
    expect(answers).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('caches nothing: queries of later turns are sent again, each after it was made', async () => {
    let revoked = false;
    const calls: number[] = [];
    const find = batchLookups(async (queries: readonly string[]) => {
      calls.push(queries.length);
      return queries.map(() => revoked);
    });
    await expect(find('jti')).resolves.toBe(false);
    revoked = true;
    await expect(find('jti')).resolves.toBe(true);
    expect(calls).toEqual([1, 1]);
  });

  it('splits a turn into batches of at most maxBatch', async () => {
    const { lookup, batches } = recordingLookup();
    const find = batchLookups(lookup, { maxBatch: 2 });
    await expect(Promise.all([1, 2, 3, 4, 5].map(find))).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every query of a failed batch with its error; the next batch is sent as usual', async () => {
    let fail = true;
    const find = batchLookups(async (queries: readonly number[]) => {
      if (fail) throw new Error('store down');
      return queries;
    });
    const failed = await Promise.allSettled([find(1), find(2)]);
    expect(failed.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual(['store down', 'store down']);
    fail = false;
    await expect(Promise.all([find(3), find(4)])).resolves.toEqual([3, 4]);
  });

  it('rejects the batch when the lookup throws synchronously or answers the wrong number of results', async () => {
    const throwing = batchLookups<number, number>(() => {
      throw new Error('bad query');
    });
    await expect(throwing(1)).rejects.toThrow('bad query');
    const short = batchLookups(async (queries: readonly number[]) => queries.slice(1));
    const answers = await Promise.allSettled([short(1), short(2)]);
    expect(answers.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'batchLookups: 2 queries answered with 1 results',
      'batchLookups: 2 queries answered with 1 results',
    ]);
  });

  it('without maxInFlight, a turn is sent while the previous batch still waits for its answer', async () => {
    const { lookup, batches, hold, releaseAll } = recordingLookup();
    const find = batchLookups(lookup);
    hold();
    const first = find(1);
    await nextTurn();
    const second = find(2);
    await nextTurn();
    expect(batches).toEqual([[1], [2]]);
    releaseAll();
    await expect(Promise.all([first, second])).resolves.toEqual([10, 20]);
  });

  it('with maxInFlight 1, the queries made while a batch waits go together as soon as it answers', async () => {
    const { lookup, batches, hold, releaseAll } = recordingLookup();
    const find = batchLookups(lookup, { maxInFlight: 1 });
    hold();
    const first = find(1);
    await nextTurn();
    const waiting = [find(2)];
    await nextTurn();
    waiting.push(find(3), find(4));
    await nextTurn();
    expect(batches).toEqual([[1]]);
    releaseAll();
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(waiting)).resolves.toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('refuses a maxBatch or maxInFlight below 1 or fractional', () => {
    const lookup = async (queries: readonly number[]) => queries;
    expect(() => batchLookups(lookup, { maxBatch: 0 })).toThrow(RangeError);
    expect(() => batchLookups(lookup, { maxBatch: 1.5 })).toThrow(RangeError);
    expect(() => batchLookups(lookup, { maxInFlight: 0 })).toThrow(RangeError);
    expect(() => batchLookups(lookup, { maxInFlight: Number.NaN })).toThrow(RangeError);
  });
});
