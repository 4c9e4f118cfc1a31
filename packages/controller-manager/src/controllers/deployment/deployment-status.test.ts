/** Unit tests of Deployment status: counts, Available, and the Progressing/ReplicaFailure conditions of a rollout. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { calculateStatus, getCondition, msUntilDeadline, newCondition, REASON, rolloutStatus, setCondition } from './deployment-status.js';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function deployment(replicas: number, status: DeploymentStatus = {}): DeploymentObject {
  return {
    metadata: { name: 'web', generation: 2 },
    spec: { replicas, progressDeadlineSeconds: 600, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } },
    status,
  };
}

function rs(name: string, replicas: number, available: number, ready = available): ReplicaSetObject {
  return { metadata: { name }, spec: { replicas, selector: {} }, status: { replicas, availableReplicas: available, readyReplicas: ready } };
}

test('counts come from the ReplicaSets; Available follows replicas-maxUnavailable', () => {
  const s = calculateStatus([rs('old', 2, 2), rs('new', 2, 1, 2)], rs('new', 2, 1, 2), deployment(4), NOW);
  assert.equal(s.observedGeneration, 2);
  assert.equal(s.replicas, 4);
  assert.equal(s.updatedReplicas, 2);
  assert.equal(s.readyReplicas, 4);
  assert.equal(s.availableReplicas, 3);
  assert.equal(s.unavailableReplicas, 1);
  assert.equal(getCondition(s, 'Available')?.status, 'True');
  assert.equal(getCondition(s, 'Available')?.reason, REASON.minimumAvailable);
  const low = calculateStatus([rs('new', 4, 2)], rs('new', 4, 2), deployment(4), NOW);
  assert.equal(getCondition(low, 'Available')?.reason, REASON.minimumUnavailable);
  assert.equal(getCondition(low, 'Available')?.message, 'Deployment does not have minimum availability.');
});

test('a complete rollout is NewReplicaSetAvailable; progress is ReplicaSetUpdated', () => {
  const newRS = rs('web-abc', 4, 4);
  const done = rolloutStatus(deployment(4, { updatedReplicas: 2, replicas: 4 }), [newRS], newRS, NOW);
  assert.equal(getCondition(done, 'Progressing')?.reason, REASON.newRSAvailable);
  assert.equal(getCondition(done, 'Progressing')?.message, 'ReplicaSet "web-abc" has successfully progressed.');
  const half = rs('web-abc', 2, 1);
  const moving = rolloutStatus(deployment(4, { updatedReplicas: 1, replicas: 4 }), [rs('old', 3, 3), half], half, NOW);
  assert.equal(getCondition(moving, 'Progressing')?.reason, REASON.rsUpdated);
  assert.equal(getCondition(moving, 'Progressing')?.message, 'ReplicaSet "web-abc" is progressing.');
});

test('no progress past the deadline is ProgressDeadlineExceeded; before it, a requeue at the deadline', () => {
  const started = newCondition('Progressing', 'True', REASON.rsUpdated, 'x', NOW - 601_000);
  const d = deployment(4, { replicas: 4, updatedReplicas: 2, availableReplicas: 3, readyReplicas: 4, conditions: [started] });
  const newRS = rs('web-abc', 2, 0, 0);
  const stuck = rolloutStatus(d, [rs('old', 2, 2), newRS], newRS, NOW);
  assert.equal(getCondition(stuck, 'Progressing')?.status, 'False');
  assert.equal(getCondition(stuck, 'Progressing')?.message, 'ReplicaSet "web-abc" has timed out progressing.');
  const recent = { ...d, status: { ...d.status, conditions: [newCondition('Progressing', 'True', REASON.rsUpdated, 'x', NOW - 100_000)] } };
  const waiting = rolloutStatus(recent, [rs('old', 2, 2), newRS], newRS, NOW);
  assert.equal(getCondition(waiting, 'Progressing')?.reason, REASON.rsUpdated);
  assert.equal(msUntilDeadline(recent, waiting, NOW), 500_000);
});

test('ReplicaFailure is copied from the new ReplicaSet, and removed once gone', () => {
  const failing: ReplicaSetObject = {
    ...rs('web-abc', 2, 0),
    status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  };
  const s = rolloutStatus(deployment(2), [failing], failing, NOW);
  assert.equal(getCondition(s, 'ReplicaFailure')?.reason, 'FailedCreate');
  const healed = rolloutStatus(deployment(2, s), [rs('web-abc', 2, 2)], rs('web-abc', 2, 2), NOW);
  assert.equal(getCondition(healed, 'ReplicaFailure'), undefined);
});

test('a condition keeps its transition time while its status stays', () => {
  const s: DeploymentStatus = {};
  setCondition(s, newCondition('Available', 'True', 'A', 'm', NOW - 5000));
  setCondition(s, newCondition('Available', 'True', 'B', 'm', NOW));
  assert.equal(getCondition(s, 'Available')?.reason, 'B');
  assert.equal(getCondition(s, 'Available')?.lastTransitionTime, '2026-01-01T00:09:55Z');
  setCondition(s, newCondition('Available', 'False', 'C', 'm', NOW));
  assert.equal(getCondition(s, 'Available')?.lastTransitionTime, '2026-01-01T00:10:00Z');
});
