/** Tests of status calculation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { calculateStatus, REPLICA_FAILURE, statusUpToDate } from './replica-set-status.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function rs(replicas: number, minReadySeconds = 0): ReplicaSet {
  return {
    metadata: { name: 'web', namespace: 'ns', generation: 3 },
    spec: { replicas, minReadySeconds, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [] } } },
  };
}

function pod(labels: Record<string, string>, readyAgoMs?: number): Pod {
  return {
    metadata: { labels },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: readyAgoMs === undefined ? 'False' : 'True', lastTransitionTime: new Date(NOW - (readyAgoMs ?? 0)).toISOString() }] },
  };
}

test('counts replicas, fully labeled, ready and available (minReadySeconds)', () => {
  const pods = [pod({ app: 'web', tier: 'fe' }, 60_000), pod({ app: 'web' }, 5_000), pod({ app: 'web', tier: 'fe' })];
  const s = calculateStatus(rs(3, 10), pods, undefined, NOW);
  assert.equal(s.replicas, 3);
  assert.equal(s.fullyLabeledReplicas, 2);
  assert.equal(s.readyReplicas, 2);
  assert.equal(s.availableReplicas, 1);
  assert.equal(s.conditions, undefined);
});

test('a failed create adds ReplicaFailure/FailedCreate; success removes it', () => {
  const r = rs(3);
  const failed = calculateStatus(r, [], new Error('pods "web-x" is forbidden: nope'), NOW);
  assert.equal(failed.conditions?.length, 1);
  assert.deepEqual({ ...failed.conditions![0], lastTransitionTime: undefined }, { type: REPLICA_FAILURE, status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: nope', lastTransitionTime: undefined });
  const failedDelete = calculateStatus(rs(0), [pod({ app: 'web' })], new Error('boom'), NOW);
  assert.equal(failedDelete.conditions![0]!.reason, 'FailedDelete');
  const healed = calculateStatus({ ...r, status: failed }, [], undefined, NOW);
  assert.equal(healed.conditions, undefined);
});

test('statusUpToDate needs the same counts, conditions and the observed generation', () => {
  const r = rs(1);
  const s = calculateStatus(r, [pod({ app: 'web', tier: 'fe' }, 1000)], undefined, NOW);
  assert.equal(statusUpToDate(r, s), false);
  assert.equal(statusUpToDate({ ...r, status: { ...s, observedGeneration: 2 } }, s), false);
  const current = { ...r, status: { ...s, observedGeneration: 3 } };
  assert.equal(statusUpToDate(current, s), true);
  assert.equal(statusUpToDate(current, { ...s, readyReplicas: 0 }), false);
});
