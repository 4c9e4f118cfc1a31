/** Tests of the default profile end to end: filter, diagnosis, failure message, and the weighted choice of a node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState, Framework, NodeInfo, failureMessage, selectHost } from '../framework/index.js';
import { makeNode, podRequesting } from '../framework/test-fixtures.js';
import { defaultProfile, inTreeRegistry } from './registry.js';

const controlPlane = (name: string) =>
  new NodeInfo(makeNode(name, { cpu: '8', memory: '16Gi' }, { spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } }));

test('the default profile builds from the in-tree registry with upstream weights', () => {
  const fw = new Framework(defaultProfile(), inTreeRegistry());
  assert.equal(fw.profileName, 'default-scheduler');
  assert.deepEqual(
    fw.scorePlugins.map((s) => [s.plugin.name, s.weight]),
    [
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
    ],
  );
  assert.deepEqual(
    fw.filterPlugins.map((p) => p.name),
    ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity'],
  );
});

test('no node fits: the diagnosis gives Kubernetes\' message', () => {
  const fw = new Framework(defaultProfile(), inTreeRegistry());
  const worker = new NodeInfo(makeNode('w1', { cpu: '1', memory: '16Gi' }));
  const nodes = [controlPlane('cp1'), controlPlane('cp2'), worker];
  const { feasible, diagnosis, status } = fw.findNodesThatFit(new CycleState(), podRequesting('p', { cpu: '2' }), nodes);
  assert.equal(status, undefined);
  assert.equal(feasible.length, 0);
  assert.equal(
    failureMessage(diagnosis, nodes.length),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }.',
  );
  assert.deepEqual([...diagnosis.unschedulablePlugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
});

test('TaintToleration\'s weight of 3 outweighs the resource scores', () => {
  const fw = new Framework(defaultProfile(), inTreeRegistry());
  const soft = new NodeInfo(makeNode('idle-but-tainted', { cpu: '4', memory: '8Gi' }, { spec: { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] } }));
  const busy = new NodeInfo(makeNode('busy', { cpu: '4', memory: '8Gi' }), [podRequesting('x', { cpu: '2', memory: '4Gi' })]);
  const pod = podRequesting('p', { cpu: '1', memory: '2Gi' });
  const state = new CycleState();
  const { feasible } = fw.findNodesThatFit(state, pod, [soft, busy]);
  assert.equal(feasible.length, 2);
  const { scores, status } = fw.prioritizeNodes(state, pod, feasible);
  assert.equal(status, undefined);
  const total = Object.fromEntries(scores.map((s) => [s.name, s.totalScore]));
  // idle-but-tainted: taint 0*3 + affinity skipped + least 75 + balanced 100 = 175; busy: 100*3 + 25 + 100 = 425
  assert.deepEqual(total, { 'idle-but-tainted': 175, busy: 425 });
  assert.equal(selectHost(scores), 'busy');
});
