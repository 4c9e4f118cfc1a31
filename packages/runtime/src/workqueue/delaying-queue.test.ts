/** Tests of the delaying queue on a FakeClock: ordering by ready time and earliest-wins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/index.js';
import { DelayingQueue } from './index.js';

async function drainKeys(q: DelayingQueue): Promise<string[]> {
  const keys: string[] = [];
  while (q.len() > 0) {
    const item = await q.get();
    keys.push(item.key as string);
    q.done(item.key as string);
  }
  return keys;
}

test('a delayed key appears only when its time has come', async () => {
  const clock = new FakeClock(0);
  const q = new DelayingQueue({ clock });
  q.addAfter('a', 100);
  assert.equal(q.len(), 0);
  assert.equal(q.waitingLen(), 1);
  clock.step(99);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  assert.equal(q.waitingLen(), 0);
  assert.deepEqual(await drainKeys(q), ['a']);
});

test('delayed keys come out in ready-time order, ties in the order they were added', async () => {
  const clock = new FakeClock(0);
  const q = new DelayingQueue({ clock });
  q.addAfter('c', 30);
  q.addAfter('a', 10);
  q.addAfter('b1', 20);
  q.addAfter('b2', 20);
  assert.equal(clock.waiterCount(), 1, 'one timer, for the earliest key');
  clock.step(100);
  assert.deepEqual(await drainKeys(q), ['a', 'b1', 'b2', 'c']);
  assert.equal(clock.hasWaiters(), false);
});

test('the earliest ready time wins for the same key', async () => {
  const clock = new FakeClock(0);
  const q = new DelayingQueue({ clock });
  q.addAfter('a', 100);
  q.addAfter('a', 10);
  clock.step(10);
  assert.equal(q.len(), 1, 'the later request did not push it back');
  assert.deepEqual(await drainKeys(q), ['a']);

  q.addAfter('b', 10);
  q.addAfter('b', 100);
  clock.step(10);
  assert.equal(q.len(), 1);
  assert.deepEqual(await drainKeys(q), ['b']);
  clock.step(1000);
  assert.equal(q.len(), 0, 'the superseded 100 ms request added nothing');
});

test('a zero or negative delay adds at once; a delayed add of a queued key stays one entry', async () => {
  const clock = new FakeClock(0);
  const q = new DelayingQueue({ clock });
  q.addAfter('a', 0);
  q.addAfter('b', -5);
  assert.equal(q.len(), 2);
  q.addAfter('a', 10);
  clock.step(10);
  assert.deepEqual(await drainKeys(q), ['a', 'b']);
});

test('shutdown drops waiting keys and their timer', () => {
  const clock = new FakeClock(0);
  const q = new DelayingQueue({ clock });
  q.addAfter('a', 10);
  q.shutDown();
  assert.equal(clock.hasWaiters(), false);
  q.addAfter('b', 10);
  clock.step(100);
  assert.equal(q.len(), 0);
  assert.equal(q.waitingLen(), 0);
});
