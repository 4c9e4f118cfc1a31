/** Tests of the keyed heap: order, replace and delete by key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedHeap } from './keyed-heap.js';

function drain(heap: KeyedHeap<number>): number[] {
  const out: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
  return out;
}

test('pops in order, whatever the insertion order', () => {
  const heap = new KeyedHeap<number>((a, b) => a < b);
  const values = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0];
  for (const v of values) heap.set(`k${v}`, v);
  assert.equal(heap.size, 10);
  assert.equal(heap.peek(), 0);
  assert.deepEqual(drain(heap), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(heap.size, 0);
});

test('set on an existing key replaces the item and reorders; delete removes by key', () => {
  const heap = new KeyedHeap<number>((a, b) => a < b);
  for (let v = 0; v < 20; v++) heap.set(`k${v}`, v);
  heap.set('k0', 100);
  heap.set('k19', -1);
  assert.equal(heap.delete('k5'), 5);
  assert.equal(heap.delete('nope'), undefined);
  assert.equal(heap.has('k5'), false);
  assert.equal(heap.get('k19'), -1);
  const expected = [-1, ...Array.from({ length: 18 }, (_, i) => i + 1).filter((v) => v !== 5), 100];
  assert.deepEqual(drain(heap), expected);
});
