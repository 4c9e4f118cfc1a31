/** Tests for node health: heartbeat observation on the controller's clock, Unknown conditions and condition taints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { desiredTaints, observeNode, sameTaints, unknownConditions } from './node-health.js';

const node = (conditions?: NodeCondition[], spec: Node['spec'] = {}): Node => ({
  metadata: { name: 'n1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec,
  status: conditions ? { conditions } : {},
});
const ready = (status: string, heartbeat = '2026-01-01T00:00:10Z'): NodeCondition => ({ type: 'Ready', status, lastHeartbeatTime: heartbeat, reason: 'KubeletReady' });

test('the probe time moves to the controller clock only when the heartbeat or the lease renewal changes', () => {
  const first = observeNode(undefined, node([ready('True')]), undefined, 1000);
  assert.equal(first.probeTimestamp, 1000);
  const same = observeNode(first, node([ready('True')]), undefined, 5000);
  assert.equal(same.probeTimestamp, 1000);
  const beat = observeNode(same, node([ready('True', '2026-01-01T00:00:20Z')]), undefined, 6000);
  assert.equal(beat.probeTimestamp, 6000);
  const lease = observeNode(beat, node([ready('True', '2026-01-01T00:00:20Z')]), '2026-01-01T00:00:30.000000Z', 9000);
  assert.equal(lease.probeTimestamp, 9000);
  assert.equal(observeNode(lease, node([ready('True', '2026-01-01T00:00:20Z')]), '2026-01-01T00:00:30.000000Z', 12000).probeTimestamp, 9000);
});

test('a node that never posted Ready counts from its creation', () => {
  const h = observeNode(undefined, node(), undefined, Date.parse('2026-01-01T01:00:00Z'));
  assert.equal(h.probeTimestamp, Date.parse('2026-01-01T00:00:00Z'));
});

test('stale conditions go Unknown with Kubernetes reasons; missing ones are added as never updated; a second pass changes nothing', () => {
  const n = node([ready('True'), { type: 'MemoryPressure', status: 'False' }]);
  const conditions = unknownConditions(n, '2026-01-01T00:01:00Z');
  assert.ok(conditions);
  const byType = new Map(conditions.map((c) => [c.type, c]));
  assert.deepEqual([...byType.keys()].sort(), ['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
  assert.equal(byType.get('Ready')?.status, 'Unknown');
  assert.equal(byType.get('Ready')?.reason, 'NodeStatusUnknown');
  assert.equal(byType.get('Ready')?.message, 'Kubelet stopped posting node status.');
  assert.equal(byType.get('Ready')?.lastHeartbeatTime, '2026-01-01T00:00:10Z');
  assert.equal(byType.get('DiskPressure')?.reason, 'NodeStatusNeverUpdated');
  assert.equal(unknownConditions(node(conditions), '2026-01-01T00:02:00Z'), undefined);
});

test('Ready Unknown and False call for unreachable and not-ready taints, both effects; Ready True clears them and keeps foreign taints', () => {
  const unknown = desiredTaints(node([ready('Unknown')], { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), '2026-01-01T00:01:00Z');
  assert.deepEqual(unknown, [
    { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:01:00Z' },
  ]);
  const notReady = desiredTaints(node([ready('False')], { taints: unknown }), '2026-01-01T00:02:00Z');
  assert.deepEqual(
    notReady.map((t) => `${t.key}:${t.effect}:${t.timeAdded ?? ''}`),
    ['dedicated:NoSchedule:', 'node.kubernetes.io/not-ready:NoSchedule:', 'node.kubernetes.io/not-ready:NoExecute:2026-01-01T00:02:00Z'],
  );
  const back = desiredTaints(node([ready('True')], { taints: notReady, unschedulable: true }), '2026-01-01T00:03:00Z');
  assert.deepEqual(back, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
});

test('a taint already present keeps its timeAdded, so the desired taints are stable', () => {
  const first = desiredTaints(node([ready('Unknown')]), '2026-01-01T00:01:00Z');
  const again = desiredTaints(node([ready('Unknown')], { taints: first }), '2026-01-01T00:05:00Z');
  assert.ok(sameTaints(first, again));
  assert.ok(!sameTaints(first, []));
});
