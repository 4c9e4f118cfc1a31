/** Unit tests of the watch event queue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchEvent } from './interface.js';
import { WatchQueue, type QueueCloseReason } from './watch-queue.js';

const ev = (revision: number): WatchEvent => ({ type: 'ADDED', object: { metadata: { resourceVersion: String(revision) } }, revision });

async function collect(q: WatchQueue): Promise<number[]> {
  const out: number[] = [];
  for await (const e of q) out.push(e.revision);
  return out;
}

test('delivers initial events first, then pushed ones, and drains before ending', async () => {
  const q = new WatchQueue(10);
  q.setInitial([ev(1), ev(2)]);
  q.push(ev(3));
  const done = collect(q);
  q.push(ev(4));
  q.end();
  assert.equal(q.push(ev(5)), false);
  assert.deepEqual(await done, [1, 2, 3, 4]);
});

test('stop() ends a waiting iteration promptly and calls onClose once', async () => {
  const reasons: QueueCloseReason[] = [];
  const q = new WatchQueue(10, (r) => reasons.push(r));
  const done = collect(q);
  q.push(ev(1));
  await new Promise((r) => setImmediate(r));
  q.stop();
  q.stop();
  assert.deepEqual(await done, [1]);
  assert.deepEqual(reasons, ['stopped']);
});

test('a consumer that falls behind the limit is ended, not buffered', async () => {
  const reasons: QueueCloseReason[] = [];
  const q = new WatchQueue(3, (r) => reasons.push(r));
  assert.equal(q.push(ev(1)), true);
  q.push(ev(2));
  q.push(ev(3));
  assert.equal(q.push(ev(4)), false);
  assert.equal(q.open, false);
  assert.equal(q.pending, 0, 'the queued events are released');
  assert.deepEqual(await collect(q), []);
  assert.deepEqual(reasons, ['overflow']);
});

test('breaking out of for-await stops the queue', async () => {
  const reasons: QueueCloseReason[] = [];
  const q = new WatchQueue(10, (r) => reasons.push(r));
  q.push(ev(1));
  q.push(ev(2));
  for await (const e of q) {
    assert.equal(e.revision, 1);
    break;
  }
  assert.deepEqual(reasons, ['stopped']);
  assert.equal(q.push(ev(3)), false);
});
