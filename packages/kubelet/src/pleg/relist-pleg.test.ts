/** Tests for the PLEG's change detection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedPods } from './relist-pleg.js';

const snap = (entries: [string, string, string][]) => new Map(entries.map(([id, uid, state]) => [id, { uid, state }]));

test('a pod is reported when one of its containers appears, changes state or disappears; steady pods are not', () => {
  const before = snap([
    ['c1', 'pod-a', 'CONTAINER_RUNNING'],
    ['c2', 'pod-b', 'CONTAINER_RUNNING'],
    ['s3', 'pod-c', 'SANDBOX_READY'],
    ['c4', 'pod-d', 'CONTAINER_RUNNING'],
  ]);
  const after = snap([
    ['c1', 'pod-a', 'CONTAINER_EXITED'],
    ['c2', 'pod-b', 'CONTAINER_RUNNING'],
    ['c5', 'pod-e', 'CONTAINER_CREATED'],
    ['c4', 'pod-d', 'CONTAINER_RUNNING'],
  ]);
  assert.deepEqual([...changedPods(before, after)].sort(), ['pod-a', 'pod-c', 'pod-e']);
});

test('entries without a pod uid label (not the kubelet\'s) are never reported', () => {
  assert.deepEqual([...changedPods(snap([]), snap([['x', '', 'CONTAINER_RUNNING']]))], []);
});
