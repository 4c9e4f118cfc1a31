/** Unit tests of rolling-update arithmetic: fenceposts, the new ReplicaSet's size, proportional scaling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { maxSurge, maxUnavailable, newReplicaSetReplicas, proportionalSizes, resolveFenceposts, scaledValue } from './rollout-math.js';

function deployment(replicas: number, surge: number | string, unavailable: number | string, type = 'RollingUpdate'): DeploymentObject {
  return { metadata: { name: 'd' }, spec: { replicas, selector: {}, template: {}, strategy: { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } } };
}

function rs(name: string, replicas: number, created: string, maxReplicas?: number): ReplicaSetObject {
  return {
    metadata: { name, creationTimestamp: created, ...(maxReplicas !== undefined ? { annotations: { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) } } : {}) },
    spec: { replicas, selector: {} },
  };
}

test('percentages round up for surge and down for unavailable', () => {
  assert.equal(scaledValue('25%', 10, true), 3);
  assert.equal(scaledValue('25%', 10, false), 2);
  assert.equal(scaledValue(4, 10, false), 4);
  assert.throws(() => scaledValue('25', 10, true), /not a percentage/);
});

test('both fenceposts resolving to 0 make maxUnavailable 1', () => {
  assert.deepEqual(resolveFenceposts('0%', '10%', 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(2, 0, 5), { surge: 2, unavailable: 0 });
});

test('maxUnavailable is capped at replicas and 0 for Recreate; maxSurge 0 for Recreate', () => {
  assert.equal(maxUnavailable(deployment(3, 1, 5)), 3);
  assert.equal(maxUnavailable(deployment(3, 1, 1, 'Recreate')), 0);
  assert.equal(maxSurge(deployment(3, 1, 1, 'Recreate')), 0);
  assert.equal(maxSurge(deployment(10, '25%', '25%')), 3);
});

test('the new ReplicaSet grows only within replicas+maxSurge', () => {
  const d = deployment(10, 3, 2);
  const newRS = rs('new', 0, '2026-01-02T00:00:00Z');
  assert.equal(newReplicaSetReplicas(d, [rs('old', 10, '2026-01-01T00:00:00Z'), newRS], newRS), 3);
  assert.equal(newReplicaSetReplicas(d, [rs('old', 13, '2026-01-01T00:00:00Z'), newRS], newRS), 0);
  const grown = rs('new', 8, '2026-01-02T00:00:00Z');
  assert.equal(newReplicaSetReplicas(d, [rs('old', 0, '2026-01-01T00:00:00Z'), grown], grown), 10, 'never past replicas');
  assert.equal(newReplicaSetReplicas(deployment(10, 3, 2, 'Recreate'), [rs('old', 10, 'x'), newRS], newRS), 10);
});

test('scaling mid-rollout spreads the difference in proportion to sizes', () => {
  // Sized for 10 replicas (+3 surge = 13), now scaled to 20 (+5 surge = 25): 12 more pods to hand out.
  const d = deployment(20, '25%', '25%');
  const old = rs('old', 8, '2026-01-01T00:00:00Z', 13);
  const cur = rs('new', 5, '2026-01-02T00:00:00Z', 13);
  const sizes = proportionalSizes(d, [old, cur]);
  assert.equal(sizes.get('old'), 15);
  assert.equal(sizes.get('new'), 10);
  assert.equal((sizes.get('old') ?? 0) + (sizes.get('new') ?? 0), 25);
  // Scaled down to 5 (+2 surge = 7): 6 fewer.
  const down = proportionalSizes(deployment(5, '25%', '25%'), [old, cur]);
  assert.equal((down.get('old') ?? 0) + (down.get('new') ?? 0), 7);
  assert.ok((down.get('old') ?? 0) < 8 && (down.get('new') ?? 0) < 5);
});
