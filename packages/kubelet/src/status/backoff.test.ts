/** Back-off bookkeeping: doubling to the cap, reset after a quiet spell, and the CrashLoopBackOff/ImagePullBackOff messages. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@skiff/runtime';
import { Backoff } from './backoff.js';
import { CrashLoopBackoff, crashLoopMessage } from './container-backoff.js';
import { ImageBackoff } from './image-backoff.js';
import { goDuration, rfc3339 } from './time-format.js';
import { pod } from './test-fixtures.js';

const T = Date.parse('2026-03-01T10:00:00Z');
const S = 1000;

test('goDuration and rfc3339 print as Go and the API do', () => {
  assert.deepEqual([0, 10, 80, 160, 300, 3600].map((s) => goDuration(s * S)), ['0s', '10s', '1m20s', '2m40s', '5m0s', '1h0m0s']);
  assert.equal(rfc3339(T + 1999), '2026-03-01T10:00:01Z');
});

test('Backoff doubles from the initial delay up to the cap', () => {
  const clock = new FakeClock(T);
  const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S, clock });
  assert.equal(b.isInBackOff('k'), false);
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) {
    b.next('k');
    delays.push(b.get('k') / S);
  }
  assert.deepEqual(delays, [10, 20, 40, 80, 160, 300, 300]);
  assert.equal(b.isInBackOff('k', T + 299 * S), true);
  assert.equal(b.isInBackOff('k', T + 300 * S), false);
  b.reset('k');
  assert.equal(b.get('k'), 0);
  b.next('k');
  assert.equal(b.get('k'), 10 * S);
});

test('Backoff starts over after twice the cap without failures, and gc drops such entries', () => {
  const clock = new FakeClock(T);
  const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S, clock });
  b.next('k');
  b.next('k');
  assert.equal(b.get('k'), 20 * S);
  clock.step(601 * S);
  b.next('k');
  assert.equal(b.get('k'), 10 * S);
  b.next('other');
  clock.step(601 * S);
  b.gc();
  assert.equal(b.size, 0);
});

test('CrashLoopBackoff: restart, then wait 10s, 20s, ... with the kubelet message; 10 min of running resets', () => {
  const clock = new FakeClock(T);
  const crash = new CrashLoopBackoff(clock);
  const p = pod({});
  // First exit: restart at once (and start the back-off).
  assert.equal(crash.beforeRestart(p, 'app', T), undefined);
  clock.step(2 * S);
  // It crashed again 1s after that restart: it must wait 10s from that exit.
  const finished = clock.now() + S;
  clock.step(3 * S);
  assert.deepEqual(crash.beforeRestart(p, 'app', finished), {
    reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web_default(uid-1)',
  });
  clock.step(8 * S);
  assert.equal(crash.beforeRestart(p, 'app', finished), undefined);
  assert.equal(crash.delay(CrashLoopBackoff.key(p, 'app')), 20 * S);
  assert.equal(crash.beforeRestart(p, 'app', clock.now())?.message, crashLoopMessage(20 * S, 'app', p));
  // A container that ran for more than 10 minutes since its last restart starts over at 10s.
  clock.step(700 * S);
  assert.equal(crash.beforeRestart(p, 'app', clock.now()), undefined);
  assert.equal(crash.delay(CrashLoopBackoff.key(p, 'app')), 10 * S);
  // Keys are per pod uid and container.
  assert.notEqual(CrashLoopBackoff.key(p, 'app'), CrashLoopBackoff.key({ ...p, metadata: { ...p.metadata, uid: 'uid-2' } }, 'app'));
  crash.reset(CrashLoopBackoff.key(p, 'app'));
  assert.equal(crash.delay(CrashLoopBackoff.key(p, 'app')), 0);
});

test('ImageBackoff: ErrImagePull, then ImagePullBackOff until the delay passes; a success resets', () => {
  const clock = new FakeClock(T);
  const images = new ImageBackoff(clock);
  assert.equal(images.beforePull('uid-1', 'nope:1'), undefined);
  assert.deepEqual(images.pullFailed('uid-1', 'nope:1', 'not found'), { reason: 'ErrImagePull', message: 'not found' });
  clock.step(5 * S);
  assert.deepEqual(images.beforePull('uid-1', 'nope:1'), { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' });
  assert.equal(images.beforePull('uid-2', 'nope:1'), undefined);
  clock.step(5 * S);
  assert.equal(images.beforePull('uid-1', 'nope:1'), undefined);
  images.pullFailed('uid-1', 'nope:1', 'not found');
  assert.equal(images.delay(ImageBackoff.key('uid-1', 'nope:1')), 20 * S);
  assert.equal(images.isInBackOff(ImageBackoff.key('uid-1', 'nope:1'), clock.now() + 19 * S), true);
  images.reset(ImageBackoff.key('uid-1', 'nope:1'));
  assert.equal(images.beforePull('uid-1', 'nope:1'), undefined);
});
