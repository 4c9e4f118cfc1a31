/** Tests of the base work queue's dedup, ordering and shutdown rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextTurn } from '../testing/index.js';
import { WorkQueue, type QueueItem } from './index.js';


/** Tracks a pending get() so a test can tell whether it has resolved yet. */
function track(p: Promise<QueueItem>): { value: QueueItem | undefined } {
  const box: { value: QueueItem | undefined } = { value: undefined };
  void p.then((v) => { box.value = v; });
  return box;
}

async function take(q: WorkQueue): Promise<string> {
  const item = await q.get();
  assert.equal(item.shutdown, false);
  return item.key as string;
}

test('keys come out in FIFO order', async () => {
  const q = new WorkQueue();
  for (const k of ['a', 'b', 'c']) q.add(k);
  assert.equal(q.len(), 3);
  assert.deepEqual([await take(q), await take(q), await take(q)], ['a', 'b', 'c']);
  assert.equal(q.len(), 0);
});

test('adding a key that is already queued keeps one entry in its original place', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.equal(await take(q), 'a');
  assert.equal(await take(q), 'b');
  const next = track(q.get());
  await nextTurn();
  assert.equal(next.value, undefined, 'nothing else is queued');
  q.shutDown();
  await nextTurn();
  assert.deepEqual(next.value, { key: undefined, shutdown: true });
});

test('a key added while processing is held back, then re-queued once on done', async () => {
  const q = new WorkQueue();
  q.add('a');
  assert.equal(await take(q), 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'not handed out while a worker holds it');
  q.add('b');
  assert.equal(await take(q), 'b');
  q.done('b');
  q.done('a');
  assert.equal(q.len(), 1);
  assert.equal(await take(q), 'a');
  q.done('a');
  assert.equal(q.len(), 0, 'the two re-adds collapsed into one');
});

test('a key is never handed to two workers at once', async () => {
  const q = new WorkQueue();
  const w1 = track(q.get());
  const w2 = track(q.get());
  q.add('a');
  await nextTurn();
  assert.deepEqual(w1.value, { key: 'a', shutdown: false });
  q.add('a');
  await nextTurn();
  assert.equal(w2.value, undefined, 'the second worker does not get a while the first holds it');
  q.done('a');
  await nextTurn();
  assert.deepEqual(w2.value, { key: 'a', shutdown: false });
});

test('get waits for an add', async () => {
  const q = new WorkQueue();
  const w = track(q.get());
  await nextTurn();
  assert.equal(w.value, undefined);
  q.add('x');
  await nextTurn();
  assert.deepEqual(w.value, { key: 'x', shutdown: false });
});

test('shutDown releases idle workers, ignores adds and still hands out what was queued', async () => {
  const q = new WorkQueue();
  const idle = track(q.get());
  await nextTurn();
  q.shutDown();
  await nextTurn();
  assert.deepEqual(idle.value, { key: undefined, shutdown: true });
  assert.equal(q.shuttingDown(), true);
  q.add('late');
  assert.equal(q.len(), 0);

  const q2 = new WorkQueue();
  q2.add('a');
  q2.add('b');
  q2.shutDown();
  assert.equal(await take(q2), 'a');
  assert.equal(await take(q2), 'b');
  assert.deepEqual(await q2.get(), { key: undefined, shutdown: true });
});

test('shutDownWithDrain waits for in-flight keys to be done', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  await take(q);
  await take(q);
  let drained = false;
  const drain = q.shutDownWithDrain().then(() => { drained = true; });
  await nextTurn();
  assert.equal(drained, false);
  q.done('a');
  await nextTurn();
  assert.equal(drained, false, 'b is still in flight');
  q.done('b');
  await drain;
  assert.equal(drained, true);
});

test('shutDownWithDrain with nothing in flight resolves at once; shutDown cuts a drain short', async () => {
  await new WorkQueue().shutDownWithDrain();
  const q = new WorkQueue();
  q.add('a');
  await take(q);
  let drained = false;
  const drain = q.shutDownWithDrain().then(() => { drained = true; });
  await nextTurn();
  assert.equal(drained, false);
  q.shutDown();
  await drain;
  assert.equal(drained, true);
});

test('done of a key that is not being processed changes nothing', async () => {
  const q = new WorkQueue();
  q.add('a');
  q.done('a');
  q.done('zzz');
  assert.equal(q.len(), 1);
  assert.equal(await take(q), 'a');
});
