/** Tests of pod activity, readiness and availability. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodAvailable, msUntilAvailable } from './pod-state.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const readySince = (msAgo: number): Pod => ({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(NOW - msAgo).toISOString() }] } });

test('finished and deleting pods are not active', () => {
  assert.equal(isPodActive({ status: { phase: 'Running' } }), true);
  assert.equal(isPodActive({ status: { phase: 'Pending' } }), true);
  assert.equal(isPodActive({ status: { phase: 'Succeeded' } }), false);
  assert.equal(isPodActive({ status: { phase: 'Failed' } }), false);
  assert.equal(isPodActive({ metadata: { deletionTimestamp: new Date(NOW).toISOString() }, status: { phase: 'Running' } }), false);
});

test('available once ready for strictly more than minReadySeconds; the wait is what is left', () => {
  assert.equal(isPodAvailable(readySince(0), 0, NOW), true);
  assert.equal(isPodAvailable(readySince(4_000), 5, NOW), false);
  assert.equal(isPodAvailable(readySince(5_000), 5, NOW), false);
  assert.equal(isPodAvailable(readySince(5_001), 5, NOW), true);
  assert.equal(msUntilAvailable(readySince(4_000), 5, NOW), 1_001);
  assert.equal(msUntilAvailable(readySince(6_000), 5, NOW), undefined);
  assert.equal(msUntilAvailable({ status: { phase: 'Running' } }, 5, NOW), undefined);
});
