/** statusEqual and mergeStatusPatch: the patch, applied the way the API server applies it, turns the old status into the new one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from '@skiff/api';
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import { mergeStatusPatch } from './status-patch.js';
import { statusEqual } from './status-equal.js';
import { SEC, T0, attempt, exited, pod, probes, runtime, statusOf } from './test-fixtures.js';

const POD_GVK = { group: '', version: 'v1', kind: 'Pod' };

/** Applies the patch to a pod holding `old` and returns the resulting status. */
function applied(old: PodStatus, patch: unknown): PodStatus {
  const result = applyStrategicMergePatch({ metadata: { uid: 'uid-1' }, status: old }, patch, POD_GVK) as { status: PodStatus };
  return result.status;
}

/** JSON without nulls: what the stored object holds after a patch's nulls deleted fields. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, stripNulls(v)]));
  }
  return value;
}

const p = pod({ containers: [{ name: 'app', readinessProbe: { exec: { command: ['true'] } } }] });
const created = statusOf(p, runtime([], false), { now: T0 + 10 * SEC });
const running = statusOf(p, runtime([attempt('app')]), { previous: created, now: T0 + 20 * SEC });
const ready = statusOf(p, runtime([attempt('app')]), { previous: running, probes: probes({ app: true }), now: T0 + 30 * SEC });

test('statusEqual ignores the order of conditions and container statuses, not their content', () => {
  assert.equal(statusEqual(ready, structuredClone(ready)), true);
  const reordered = { ...ready, conditions: [...ready.conditions!].reverse() };
  assert.equal(statusEqual(ready, reordered), true);
  const twoContainers = statusOf(pod({ containers: [{ name: 'a' }, { name: 'b' }] }), runtime([attempt('a'), attempt('b')]));
  assert.equal(statusEqual(twoContainers, { ...twoContainers, containerStatuses: [...twoContainers.containerStatuses!].reverse() }), true);
  assert.equal(statusEqual(running, ready), false);
  assert.equal(statusEqual(ready, { ...ready, podIP: '10.0.0.1' }), false);
  assert.equal(statusEqual({ phase: 'Pending', conditions: [] }, { phase: 'Pending' }), true);
  // What the server stores after the patch (lastProbeTime: null deleted) equals what the kubelet computed.
  const stored = applied({}, mergeStatusPatch({}, ready));
  assert.equal(ready.conditions![0]!.lastProbeTime, null);
  assert.equal('lastProbeTime' in stored.conditions![0]!, false);
  assert.equal(statusEqual(stored, ready), true);
});

test('an unchanged status patches nothing', () => {
  assert.deepEqual(mergeStatusPatch(ready, structuredClone(ready)), { status: {} });
});

test('the patch merges conditions by type with $setElementOrder and replaces container statuses', () => {
  const patch = mergeStatusPatch(running, ready, 'uid-1');
  assert.deepEqual(patch.metadata, { uid: 'uid-1' });
  const status = patch.status;
  assert.deepEqual(status['$setElementOrder/conditions'], ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type })));
  // Only the two conditions that changed, with their changed fields and removed ones nulled.
  assert.deepEqual(status['conditions'], [
    { type: 'Ready', status: 'True', lastTransitionTime: '2026-03-01T10:00:30Z', reason: null, message: null },
    { type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-03-01T10:00:30Z', reason: null, message: null },
  ]);
  assert.deepEqual(status['containerStatuses'], JSON.parse(JSON.stringify(ready.containerStatuses)));
  assert.equal(status['phase'], undefined);
  assert.deepEqual(stripNulls(applied(running, patch)), stripNulls(ready));
});

test('applied in sequence, the patches reproduce each status, including new IPs and removed fields', () => {
  const crashed = statusOf(p, runtime([exited('app', 1, { attempt: 0 })]), { previous: ready, waiting: { app: { reason: 'CrashLoopBackOff', message: 'm' } }, now: T0 + 40 * SEC });
  const withGate = { ...crashed, conditions: [{ type: 'example.com/gate', status: 'True' }, ...crashed.conditions!] };
  const dropped: PodStatus = { ...withGate, conditions: withGate.conditions!.filter((c) => c.type !== 'PodReadyToStartContainers'), message: undefined };
  let current: PodStatus = {};
  for (const next of [created, running, ready, crashed, withGate, dropped, { ...dropped, podIPs: [{ ip: '10.244.1.1' }], podIP: '10.244.1.1' }]) {
    const patch = mergeStatusPatch(current, next);
    current = applied(current, patch);
    assert.deepEqual(stripNulls(current), stripNulls(next));
  }
  const deletion = mergeStatusPatch(withGate, dropped).status['conditions'] as unknown[];
  assert.deepEqual(deletion, [{ $patch: 'delete', type: 'PodReadyToStartContainers' }]);
});
