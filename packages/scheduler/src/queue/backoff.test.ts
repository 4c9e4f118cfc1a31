/** Tests of the backoff duration formula. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDuration } from './backoff.js';
import { DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS } from './constants.js';

test('backoff doubles from 1 s and is capped at 10 s', () => {
  const got = [1, 2, 3, 4, 5, 6, 100].map((n) => backoffDuration(n, DEFAULT_POD_INITIAL_BACKOFF_MS, DEFAULT_POD_MAX_BACKOFF_MS));
  assert.deepEqual(got, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
});

test('backoff with zero attempts is the initial delay; an initial delay above the cap is capped', () => {
  assert.equal(backoffDuration(0, 1_000, 10_000), 1_000);
  assert.equal(backoffDuration(1, 20_000, 10_000), 10_000);
});
