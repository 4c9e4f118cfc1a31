/** Tests of FakeClock and the shared sleep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, FAKE_CLOCK_DEFAULT_START, realClock } from './index.js';

test('step fires due timers in due order, with now() at each due time, ties in creation order', () => {
  const clock = new FakeClock(1000);
  const fired: Array<[string, number]> = [];
  clock.setTimeout(() => fired.push(['c', clock.now()]), 30);
  clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
  clock.setTimeout(() => fired.push(['b1', clock.now()]), 20);
  clock.setTimeout(() => fired.push(['b2', clock.now()]), 20);
  clock.step(19);
  assert.deepEqual(fired, [['a', 1010]]);
  assert.equal(clock.now(), 1019);
  clock.step(11);
  assert.deepEqual(fired, [['a', 1010], ['b1', 1020], ['b2', 1020], ['c', 1030]]);
  assert.equal(clock.hasWaiters(), false);
});

test('a timer scheduled by a callback fires within the same step when it falls due in the window', () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  clock.setTimeout(() => {
    fired.push(clock.now());
    clock.setTimeout(() => fired.push(clock.now()), 5);
    clock.setTimeout(() => fired.push(clock.now()), 50);
  }, 10);
  clock.step(20);
  assert.deepEqual(fired, [10, 15]);
  assert.equal(clock.waiterCount(), 1);
  assert.equal(clock.nextTimerAt(), 60);
});

test('clearTimeout cancels; setTime fires what is due; default start is fixed', () => {
  const clock = new FakeClock();
  assert.equal(clock.now(), FAKE_CLOCK_DEFAULT_START);
  let fired = 0;
  const h = clock.setTimeout(() => fired++, 10);
  clock.setTimeout(() => fired++, 10);
  clock.clearTimeout(h);
  assert.equal(clock.waiterCount(), 1);
  clock.setTime(FAKE_CLOCK_DEFAULT_START + 10);
  assert.equal(fired, 1);
  assert.equal(clock.hasWaiters(), false);
});

test('sleep resolves when time reaches it and not before', async () => {
  const clock = new FakeClock(0);
  let woke = false;
  const p = clock.sleep(100).then(() => { woke = true; });
  clock.step(99);
  await new Promise((r) => setImmediate(r));
  assert.equal(woke, false);
  clock.step(1);
  await p;
  assert.equal(woke, true);
});

test('sleep rejects with the abort reason and leaves no timer behind', async () => {
  const clock = new FakeClock(0);
  const ac = new AbortController();
  const p = clock.sleep(100, ac.signal);
  assert.equal(clock.hasWaiters(), true);
  const reason = new Error('stop');
  ac.abort(reason);
  await assert.rejects(p, (err) => err === reason);
  assert.equal(clock.hasWaiters(), false);
  await assert.rejects(clock.sleep(1, ac.signal), (err) => err === reason);
  await assert.rejects(realClock.sleep(10_000, ac.signal), (err) => err === reason);
});

test('advance lets an async sleep loop run every iteration inside the window', async () => {
  const clock = new FakeClock(0);
  const ticks: number[] = [];
  const ac = new AbortController();
  const loop = (async () => {
    try {
      for (;;) {
        await clock.sleep(10, ac.signal);
        ticks.push(clock.now());
      }
    } catch {
      /* aborted */
    }
  })();
  await clock.advance(35);
  assert.deepEqual(ticks, [10, 20, 30]);
  assert.equal(clock.now(), 35);
  ac.abort();
  await loop;
});

test('realClock: a timer beyond Node\'s 24.8-day limit does not fire early, and clearTimeout cancels it', async () => {
  let fired = false;
  const h = realClock.setTimeout(() => { fired = true; }, 30 * 24 * 3600 * 1000);
  // Node clamps an over-long delay to 1 ms; timers fire in expiry order, so a 5 ms timer comes after it.
  await new Promise((r) => setTimeout(r, 5));
  realClock.clearTimeout(h);
  assert.equal(fired, false);
});
