/** Unit tests of the stale-cache guard of the EndpointSlice controller. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { SliceTracker } from './slice-tracker.js';

const s = (name: string, resourceVersion: string): EndpointSlice => ({ metadata: { name, resourceVersion }, addressType: 'IPv4', endpoints: [] });

test('a cache missing a created or updated slice, or still holding a deleted one, is stale until it catches up', () => {
  const t = new SliceTracker();
  assert.equal(t.isStale('ns/web', []), false, 'nothing written');
  t.written('ns/web', s('web-a', '10'));
  assert.equal(t.isStale('ns/web', []), true, 'created slice not seen');
  assert.equal(t.isStale('ns/web', [s('web-a', '9')]), true, 'older version seen');
  assert.equal(t.isStale('ns/web', [s('web-a', '10')]), false);
  assert.equal(t.isStale('ns/web', []), false, 'settled expectations are dropped');
  t.deleted('ns/web', 'web-b');
  assert.equal(t.isStale('ns/web', [s('web-b', '11')]), true);
  t.observedDeletion('ns/web', 'web-b');
  assert.equal(t.isStale('ns/web', [s('web-b', '11')]), false, 'the watch reported the deletion');
  t.written('ns/other', s('other-a', '12'));
  t.deleteService('ns/other');
  assert.equal(t.isStale('ns/other', []), false);
});
