/** Unit tests of the ring buffer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from './ring-buffer.js';

test('evicts the oldest item when full', () => {
  const ring = new RingBuffer<number>(3);
  assert.equal(ring.push(1), undefined);
  ring.push(2);
  ring.push(3);
  assert.equal(ring.push(4), 1);
  assert.equal(ring.push(5), 2);
  assert.deepEqual([0, 1, 2].map((i) => ring.at(i)), [3, 4, 5]);
  assert.throws(() => ring.at(3), RangeError);
  ring.clear();
  assert.equal(ring.length, 0);
});

test('findFirst binary-searches ordered items across the wrap-around', () => {
  const ring = new RingBuffer<number>(5);
  for (let i = 1; i <= 8; i++) ring.push(i * 10); // holds 40..80
  assert.equal(ring.findFirst((x) => x > 55), 2);
  assert.equal(ring.findFirst((x) => x > 0), 0);
  assert.equal(ring.findFirst((x) => x > 80), 5);
});
