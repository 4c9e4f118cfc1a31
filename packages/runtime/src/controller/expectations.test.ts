/** Tests of Expectations on a FakeClock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../clock/index.js';
import { Expectations, EXPECTATIONS_TTL_MS } from './index.js';

test('no expectations means satisfied', () => {
  assert.equal(new Expectations({ clock: new FakeClock(0) }).satisfied('ns/rs'), true);
});

test('creations: unsatisfied until every expected creation is observed', () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  assert.deepEqual(e.get('ns/rs'), { add: 1, del: 0, timestamp: 0 });
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
  e.creationObserved('ns/rs'); // an extra observation does not make it unsatisfied
  assert.equal(e.satisfied('ns/rs'), true);
});

test('deletions, raise and lower', () => {
  const e = new Expectations({ clock: new FakeClock(0) });
  e.expectDeletions('k', 1);
  e.raiseExpectations('k', 1, 1);
  assert.deepEqual(e.get('k'), { add: 1, del: 2, timestamp: 0 });
  e.deletionObserved('k');
  e.deletionObserved('k');
  assert.equal(e.satisfied('k'), false, 'one creation still outstanding');
  e.lowerExpectations('k', 1, 0);
  assert.equal(e.satisfied('k'), true);
  e.raiseExpectations('unknown', 5, 5);
  assert.equal(e.get('unknown'), undefined, 'raise does not create a record');
  e.delete('k');
  assert.equal(e.get('k'), undefined);
});

test('expectations expire after the 5 minute TTL', () => {
  const clock = new FakeClock(0);
  const e = new Expectations({ clock });
  assert.equal(EXPECTATIONS_TTL_MS, 300_000);
  e.expectCreations('k', 3);
  clock.step(EXPECTATIONS_TTL_MS);
  assert.equal(e.satisfied('k'), false, 'exactly at the TTL still waits');
  clock.step(1);
  assert.equal(e.satisfied('k'), true);
  e.expectCreations('k', 1); // setting again restarts the clock
  assert.equal(e.satisfied('k'), false);
});
