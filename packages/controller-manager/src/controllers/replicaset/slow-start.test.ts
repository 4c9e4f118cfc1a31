/** Tests of slow-start batching. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slowStartBatch } from './slow-start.js';

test('runs every call in batches of 1, 2, 4, ... when all succeed', async () => {
  // Each call notes how many calls are in flight when it starts: a new batch starts again at 1.
  const starts: number[] = [];
  let inFlight = 0;
  const result = await slowStartBatch(10, 1, async () => {
    starts.push(++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
  });
  const batches: number[] = [];
  for (const n of starts) if (n === 1) batches.push(1);
  else batches[batches.length - 1] = n;
  assert.deepEqual(result, { successes: 10 });
  assert.deepEqual(batches, [1, 2, 4, 3]);
});

test('stops after the first batch with a failure', async () => {
  let calls = 0;
  const result = await slowStartBatch(100, 1, async (i) => {
    calls++;
    if (i === 4) throw new Error('quota');
  });
  // batches 1 (0), 2 (1-2), 4 (3-6: 4 fails) -> 7 calls, 6 successes
  assert.equal(calls, 7);
  assert.equal(result.successes, 6);
  assert.equal((result.error as Error).message, 'quota');
});

test('zero calls is a no-op', async () => {
  assert.deepEqual(await slowStartBatch(0, 1, () => Promise.reject(new Error('never'))), { successes: 0 });
});
