/** Tests of failureMessage: kube-scheduler's exact FitError text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureMessage } from './failure-message.js';
import { newDiagnosis } from './framework.js';
import { Status } from './status.js';

test('counts reasons across nodes and sorts the `<count> <reason>` strings', () => {
  const d = newDiagnosis();
  d.nodeToStatus.set('cp1', Status.unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'));
  d.nodeToStatus.set('cp2', Status.unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'));
  d.nodeToStatus.set('w1', Status.unschedulable('Insufficient cpu'));
  assert.equal(
    failureMessage(d, 3),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.',
  );
});

test('a node with several reasons counts each; sorting is by string, as upstream (10 before 2)', () => {
  const d = newDiagnosis();
  for (let i = 0; i < 10; i++) d.nodeToStatus.set(`a${i}`, Status.unschedulable('Too many pods'));
  d.nodeToStatus.set('b1', Status.unschedulable('Insufficient cpu', 'Insufficient memory'));
  d.nodeToStatus.set('b2', Status.unschedulable('Insufficient memory'));
  d.postFilterMsg = 'preemption: 0/13 nodes are available: 13 No preemption victims found for incoming pod';
  assert.equal(
    failureMessage(d, 13),
    '0/13 nodes are available: 1 Insufficient cpu, 10 Too many pods, 2 Insufficient memory.' +
      ' preemption: 0/13 nodes are available: 13 No preemption victims found for incoming pod.',
  );
});

test('a PreFilter rejection is reported once, not per node', () => {
  const d = newDiagnosis();
  const s = Status.unresolvable('pod has unbound immediate PersistentVolumeClaims');
  d.nodeToStatus.set('n1', s);
  d.nodeToStatus.set('n2', s);
  d.preFilterMsg = s.message();
  assert.equal(failureMessage(d, 2), '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
});
