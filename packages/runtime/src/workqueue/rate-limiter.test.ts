/** Tests of the rate limiters and the rate-limited queue on a FakeClock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/index.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  RateLimitingQueue,
  defaultControllerRateLimiter,
} from './index.js';

test('per-key exponential backoff: 5 ms doubling, capped at 1000 s; forget resets; keys are independent', () => {
  const r = new ItemExponentialFailureRateLimiter();
  const delays = Array.from({ length: 20 }, () => r.when('a'));
  assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 80]);
  assert.equal(delays[17], 5 * 2 ** 17); // 655.36 s, still under the cap
  assert.equal(delays[18], 1_000_000);
  assert.equal(delays[19], 1_000_000);
  assert.equal(r.numRequeues('a'), 20);
  assert.equal(r.when('b'), 5, 'another key starts at the base delay');
  r.forget('a');
  assert.equal(r.numRequeues('a'), 0);
  assert.equal(r.when('a'), 5);
  for (let i = 0; i < 2000; i++) r.when('c');
  assert.equal(r.when('c'), 1_000_000, 'huge exponents stay capped');
});

test('token bucket: the burst passes at once, then one token per 1/qps', () => {
  const clock = new FakeClock(0);
  const r = new BucketRateLimiter(10, 100, clock);
  for (let i = 0; i < 100; i++) assert.equal(r.when(), 0, `burst item ${i}`);
  assert.equal(r.when(), 100);
  assert.equal(r.when(), 200);
  assert.equal(r.numRequeues(), 0);
  clock.step(300); // pays back the two borrowed tokens and earns one
  assert.equal(r.when(), 0);
  assert.equal(r.when(), 100);
  clock.step(60_000);
  for (let i = 0; i < 100; i++) assert.equal(r.when(), 0, 'refilled to the burst, no further');
  assert.equal(r.when(), 100);
});

test('max-of takes the longest delay and forgets in every limiter', () => {
  const clock = new FakeClock(0);
  const r = new MaxOfRateLimiter(new ItemExponentialFailureRateLimiter(5, 1000), new BucketRateLimiter(1, 1, clock));
  assert.equal(r.when('a'), 5, 'exponential wins while the bucket has a token');
  assert.equal(r.when('a'), 1000, 'bucket says 1 s, exponential 10 ms');
  assert.equal(r.numRequeues('a'), 2);
  r.forget('a');
  assert.equal(r.numRequeues('a'), 0);
});

test('default controller limiter: 5 ms per key until the overall burst of 100 is spent', () => {
  const clock = new FakeClock(0);
  const r = defaultControllerRateLimiter(clock);
  for (let i = 0; i < 100; i++) assert.equal(r.when(`k${i}`), 5);
  assert.equal(r.when('k100'), 100);
  assert.equal(r.when('k101'), 200);
});

test('addRateLimited re-adds after the growing backoff; forget starts over', async () => {
  const clock = new FakeClock(0);
  const q = new RateLimitingQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter() });
  const cycle = async (expectedDelay: number): Promise<void> => {
    q.addRateLimited('a');
    clock.step(expectedDelay - 1);
    assert.equal(q.len(), 0, `not before ${expectedDelay} ms`);
    clock.step(1);
    assert.equal(q.len(), 1, `at ${expectedDelay} ms`);
    const item = await q.get();
    q.done(item.key as string);
  };
  await cycle(5);
  await cycle(10);
  await cycle(20);
  assert.equal(q.numRequeues('a'), 3);
  q.forget('a');
  assert.equal(q.numRequeues('a'), 0);
  await cycle(5);
});
