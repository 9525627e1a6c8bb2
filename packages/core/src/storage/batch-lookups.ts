/** Options of `batchLookups`. */
export interface BatchLookupsOptions {
  /** The most queries one `lookup` call receives. @default 256 */
  maxBatch?: number;
  /**
   * The most `lookup` calls waiting for their answer at once. Queries made meanwhile wait and
   * go together in the next call as soon as one answers (group commit): fewer, larger batches
   * for a store that pays per statement and per connection, like PostgreSQL. @default Infinity
   */
  maxInFlight?: number;
}

/**
 * Gathers the queries made during one turn of the event loop into one call of `lookup`, for the
 * reads on every request (the revocation check). A server under load reads several requests
 * per turn; one `MGET` or one SQL statement for all of them costs the store, the driver and the
 * socket about what one query costs, where a query each would cost each of them once per request.
 *
 * Nothing is cached: every query is sent after it was made, in the batch of the turn it was
 * made in (in the event loop's check phase, `setImmediate`, after this turn's I/O), or with
 * `maxInFlight`, in the first batch sent after it. A lone query waits only for the rest of its turn.
 *
 * `lookup` answers the queries in order, one result each; when it throws, or answers a
 * different number of results, every query of its batch is rejected with that error.
 *
 * @example
 * const isRevoked = batchLookups(async (checks: readonly RevocationCheck[]) => {
 *   const values = await redis.mget(checks.flatMap((c) => [revokedKey(c.jti), liveKey(c.sid)]));
 *   return checks.map((_, i) => values[2 * i] != null || values[2 * i + 1] == null);
 * });
 * await isRevoked({ jti, sid });
 */
export function batchLookups<Q, R>(
  lookup: (queries: readonly Q[]) => Promise<readonly R[]>,
  options: BatchLookupsOptions = {},
): (query: Q) => Promise<R> {
  const maxBatch = options.maxBatch ?? 256;
  const maxInFlight = options.maxInFlight ?? Infinity;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('batchLookups: maxBatch must be a whole number of at least 1');
  if (!(maxInFlight === Infinity || (Number.isInteger(maxInFlight) && maxInFlight >= 1))) {
    throw new RangeError('batchLookups: maxInFlight must be a whole number of at least 1, or Infinity');
  }

  let pending: Array<Pending<Q, R>> = [];
  let inFlight = 0;
  let scheduled: NodeJS.Immediate | undefined;

  const send = (): void => {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch = pending.length <= maxBatch ? pending : pending.slice(0, maxBatch);
      pending = batch === pending ? [] : pending.slice(maxBatch);
      inFlight += 1;
      answer(lookup, batch).finally(() => {
        inFlight -= 1;
        send();
      });
    }
  };

  return (query) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ query, resolve, reject });
      if (inFlight >= maxInFlight) return; // goes with the next batch, when one answers
      if (pending.length >= maxBatch) send();
      else scheduled ??= setImmediate(send);
    });
}

// --- internal ---

interface Pending<Q, R> {
  query: Q;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Runs one batch and settles each of its queries; never rejects. */
async function answer<Q, R>(lookup: (queries: readonly Q[]) => Promise<readonly R[]>, batch: ReadonlyArray<Pending<Q, R>>): Promise<void> {
  let results: readonly R[];
  try {
    results = await lookup(batch.map((p) => p.query));
    if (results.length !== batch.length) throw new TypeError(`batchLookups: ${batch.length} queries answered with ${results.length} results`);
  } catch (error) {
    for (const p of batch) p.reject(error);
    return;
  }
  for (let i = 0; i < batch.length; i += 1) batch[i]!.resolve(results[i]!);
}
