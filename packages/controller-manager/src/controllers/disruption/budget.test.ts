/** Tests for the PodDisruptionBudget arithmetic, on Kubernetes' rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  budgetStatus,
  countHealthy,
  DELETION_TIMEOUT_MS,
  disruptionsAllowed,
  expectedAndDesired,
  pendingDisruptions,
  scaledValue,
  statusUpToDate,
} from './budget.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, ready: boolean, deleting = false): Pod {
  return {
    metadata: { name, ...(deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

test('percentages scale up: 50% of 3 is 2, 10% of 5 is 1, integers stay', () => {
  assert.equal(scaledValue('50%', 3), 2);
  assert.equal(scaledValue('10%', 5), 1);
  assert.equal(scaledValue('0%', 5), 0);
  assert.equal(scaledValue(4, 10), 4);
  assert.throws(() => scaledValue('five', 10), /not a percentage/);
});

test('an integer minAvailable expects the selected pods and needs no scale', () => {
  const never = () => assert.fail('scale must not be read');
  assert.deepEqual(expectedAndDesired({ minAvailable: 2 }, 3, never), { expectedPods: 3, desiredHealthy: 2 });
});

test('a percentage minAvailable and maxUnavailable use the controllers scale', () => {
  assert.deepEqual(expectedAndDesired({ minAvailable: '50%' }, 2, () => 5), { expectedPods: 5, desiredHealthy: 3 });
  assert.deepEqual(expectedAndDesired({ maxUnavailable: 1 }, 2, () => 5), { expectedPods: 5, desiredHealthy: 4 });
  assert.deepEqual(expectedAndDesired({ maxUnavailable: '30%' }, 2, () => 5), { expectedPods: 5, desiredHealthy: 3 });
  assert.deepEqual(expectedAndDesired({ maxUnavailable: 9 }, 2, () => 5), { expectedPods: 5, desiredHealthy: 0 });
});

test('disruptions allowed: the surplus of healthy pods, never negative, none while nothing is expected', () => {
  assert.equal(disruptionsAllowed(3, 2, 3), 1);
  assert.equal(disruptionsAllowed(1, 2, 3), 0);
  assert.equal(disruptionsAllowed(3, 0, 0), 0);
});

test('healthy pods are ready, not being deleted and not just evicted', () => {
  const pods = [pod('a', true), pod('b', true), pod('c', false), pod('d', true, true)];
  assert.equal(countHealthy(pods, {}), 2);
  assert.equal(countHealthy(pods, { a: iso(NOW) }), 1);
});

test('disrupted pods stay pending until deleted or timed out; the earliest deadline is the recheck time', () => {
  const pods = [pod('a', true), pod('b', true), pod('gone-soon', true, true)];
  const recent = iso(NOW - 10_000);
  const old = iso(NOW - DELETION_TIMEOUT_MS - 1000);
  const out = pendingDisruptions(pods, { a: recent, b: old, 'gone-soon': recent, missing: recent }, NOW);
  assert.deepEqual(out.pending, { a: recent });
  assert.deepEqual(out.expired.map((p) => p.metadata?.name), ['b']);
  assert.equal(out.recheckAt, Date.parse(recent) + DELETION_TIMEOUT_MS);
});

test('status: counts, DisruptionAllowed condition, and a pending eviction lowering the allowance', () => {
  const pdb = { metadata: { name: 'web', generation: 2 }, spec: { minAvailable: 2 } };
  const pods = [pod('a', true), pod('b', true), pod('c', true)];
  const free = budgetStatus(pdb, { currentHealthy: countHealthy(pods, {}), expectedPods: 3, desiredHealthy: 2, disruptedPods: {} }, iso(NOW));
  assert.equal(free.disruptionsAllowed, 1);
  assert.equal(free.observedGeneration, 2);
  assert.deepEqual(free.conditions?.map((c) => [c.type, c.status, c.reason]), [['DisruptionAllowed', 'True', 'SufficientPods']]);
  const pending = { a: iso(NOW) };
  const held = budgetStatus(pdb, { currentHealthy: countHealthy(pods, pending), expectedPods: 3, desiredHealthy: 2, disruptedPods: pending }, iso(NOW));
  assert.equal(held.disruptionsAllowed, 0);
  assert.deepEqual(held.disruptedPods, pending);
  assert.deepEqual(held.conditions?.map((c) => [c.status, c.reason]), [['False', 'InsufficientPods']]);
  assert.ok(statusUpToDate(free, budgetStatus(pdb, { currentHealthy: 3, expectedPods: 3, desiredHealthy: 2, disruptedPods: {} }, iso(NOW + 5000))));
  assert.ok(!statusUpToDate(free, held));
});
