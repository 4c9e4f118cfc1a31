/** Slow-start batches: run `count` calls in batches of 1, 2, 4, ... and stop at the first batch with a failure. */

export interface SlowStartResult {
  /** Calls that resolved. */
  successes: number;
  /** The first failure of the batch that stopped the run, if one did. */
  error?: unknown;
}

/**
 * Runs `fn` `count` times, `initialBatchSize` at a time at first and doubling each batch, the calls of one batch in
 * parallel. A batch with a failure ends the run, so a systematic error (quota, admission) costs one call, not `count`.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: (index: number) => Promise<unknown>): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(remaining, 2 * batch)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn(index++)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { successes, error: failed.reason };
    remaining -= batch;
  }
  return { successes };
}
