/** Tests of the filter plugins: NodeUnschedulable, NodeName, NodeAffinity (required), TaintToleration, NodePorts, NodeResourcesFit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorRequirement, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, NodeInfo, type FilterPlugin, type PreFilterPlugin, type Status } from '../framework/index.js';
import { container, makeNode, makePod, podRequesting } from '../framework/test-fixtures.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodePorts } from './node-ports.js';
import { NodeResourcesFit } from './node-resources-fit.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { TaintToleration } from './taint-toleration.js';

/** Runs PreFilter (if any) then Filter; returns the reasons (empty when the node fits). */
function run(plugin: FilterPlugin & Partial<PreFilterPlugin>, pod: Pod, nodeInfo: NodeInfo): string[] {
  const state = new CycleState();
  const pre = plugin.preFilter?.(state, pod, [nodeInfo]);
  if (pre?.code === 'Skip') return [];
  const status: Status | undefined = plugin.filter(state, pod, nodeInfo);
  return status ? [...status.reasons] : [];
}

test('NodeUnschedulable rejects a cordoned node unless the pod tolerates the unschedulable taint', () => {
  const cordoned = new NodeInfo(makeNode('n', {}, { spec: { unschedulable: true } }));
  const plugin = new NodeUnschedulable();
  assert.deepEqual(run(plugin, makePod('p'), cordoned), ['node(s) were unschedulable']);
  assert.equal(plugin.filter(new CycleState(), makePod('p'), cordoned)?.code, 'UnschedulableAndUnresolvable');
  const tolerant = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(run(plugin, tolerant, cordoned), []);
  assert.deepEqual(run(plugin, makePod('p'), new NodeInfo(makeNode('m'))), []);
});

test('NodeName accepts only the requested node', () => {
  const pod = makePod('p', { nodeName: 'n2' });
  assert.deepEqual(run(new NodeName(), pod, new NodeInfo(makeNode('n1'))), ["node(s) didn't match the requested node name"]);
  assert.deepEqual(run(new NodeName(), pod, new NodeInfo(makeNode('n2'))), []);
});

const labelled = (name: string, labels: Record<string, string>) => new NodeInfo(makeNode(name, {}, { metadata: { name, labels } }));
const requiring = (...exprs: NodeSelectorRequirement[]): Pod =>
  makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } } } });

test('NodeAffinity: nodeSelector must match every label', () => {
  const pod = makePod('p', { nodeSelector: { disk: 'ssd', zone: 'a' } });
  const reason = "node(s) didn't match Pod's node affinity/selector";
  assert.deepEqual(run(new NodeAffinity(), pod, labelled('n', { disk: 'ssd' })), [reason]);
  assert.deepEqual(run(new NodeAffinity(), pod, labelled('n', { disk: 'ssd', zone: 'a', x: 'y' })), []);
});

test('NodeAffinity: required terms with In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
  const node = labelled('n', { zone: 'a', gen: '5', gpu: '' });
  const fits = (...exprs: NodeSelectorRequirement[]) => run(new NodeAffinity(), requiring(...exprs), node).length === 0;
  assert.equal(fits({ key: 'zone', operator: 'In', values: ['a', 'b'] }), true);
  assert.equal(fits({ key: 'zone', operator: 'In', values: ['b'] }), false);
  assert.equal(fits({ key: 'zone', operator: 'NotIn', values: ['b'] }), true);
  assert.equal(fits({ key: 'missing', operator: 'NotIn', values: ['b'] }), true);
  assert.equal(fits({ key: 'zone', operator: 'NotIn', values: ['a'] }), false);
  assert.equal(fits({ key: 'gpu', operator: 'Exists' }), true);
  assert.equal(fits({ key: 'gpu', operator: 'DoesNotExist' }), false);
  assert.equal(fits({ key: 'gen', operator: 'Gt', values: ['4'] }), true);
  assert.equal(fits({ key: 'gen', operator: 'Gt', values: ['5'] }), false);
  assert.equal(fits({ key: 'gen', operator: 'Lt', values: ['10'] }), true);
  assert.equal(fits({ key: 'zone', operator: 'Gt', values: ['1'] }), false, 'a non-integer label never satisfies Gt');
  assert.equal(fits({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gen', operator: 'Lt', values: ['3'] }), false, 'expressions are ANDed');
});

test('NodeAffinity: terms are ORed, and matchFields metadata.name selects by node name', () => {
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
          ],
        },
      },
    },
  });
  assert.equal(run(new NodeAffinity(), pod, labelled('n1', { zone: 'a' })).length, 1);
  assert.equal(run(new NodeAffinity(), pod, labelled('n2', { zone: 'a' })).length, 0);
  assert.equal(run(new NodeAffinity(), pod, labelled('n3', { zone: 'z' })).length, 0);
});

test('TaintToleration filters untolerated NoSchedule/NoExecute taints, naming the first one', () => {
  const node = new NodeInfo(
    makeNode('cp', {}, {
      spec: {
        taints: [
          { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
          { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'db', effect: 'NoExecute' },
        ],
      },
    }),
  );
  const plugin = new TaintToleration();
  assert.deepEqual(run(plugin, makePod('p'), node), ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  const partly = makePod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(run(plugin, partly, node), ['node(s) had untolerated taint {dedicated: db}']);
  const wrongValue = makePod('p', { tolerations: [...partly.spec!.tolerations!, { key: 'dedicated', operator: 'Equal', value: 'web' }] });
  assert.equal(run(plugin, wrongValue, node).length, 1);
  const all = makePod('p', { tolerations: [...partly.spec!.tolerations!, { key: 'dedicated', operator: 'Equal', value: 'db' }] });
  assert.deepEqual(run(plugin, all, node), [], 'a PreferNoSchedule taint never filters');
  assert.deepEqual(run(plugin, makePod('p', { tolerations: [{ operator: 'Exists' }] }), node), [], 'empty key + Exists tolerates all');
});

test('NodePorts rejects a node whose host port is taken on an overlapping address', () => {
  const web = (name: string, hostPort: number, hostIP?: string) =>
    makePod(name, { containers: [container('web', {}, { ports: [{ containerPort: 80, hostPort, ...(hostIP ? { hostIP } : {}) }] })] });
  const node = new NodeInfo(makeNode('n'), [web('old', 8080, '10.0.0.1')]);
  const reason = "node(s) didn't have free ports for the requested pod ports";
  assert.deepEqual(run(new NodePorts(), web('new', 8080), node), [reason], 'wildcard address overlaps 10.0.0.1');
  assert.deepEqual(run(new NodePorts(), web('new', 8080, '10.0.0.2'), node), []);
  assert.deepEqual(run(new NodePorts(), web('new', 9090), node), []);
  assert.deepEqual(run(new NodePorts(), makePod('none'), node), [], 'no host ports: Skip');
  const sidecar = makePod('side', {
    initContainers: [container('proxy', {}, { restartPolicy: 'Always', ports: [{ containerPort: 15001, hostPort: 8080 }] })],
  });
  assert.deepEqual(run(new NodePorts(), sidecar, node), [reason], 'a sidecar init container\'s host port counts');
});

test('NodeResourcesFit lists every insufficient resource in upstream order', () => {
  const node = new NodeInfo(makeNode('n', { cpu: '2', memory: '4Gi', 'ephemeral-storage': '10Gi', 'example.com/gpu': '1', pods: '1' }), [
    podRequesting('a', { cpu: '1500m', memory: '1Gi', 'example.com/gpu': '1' }),
  ]);
  const plugin = new NodeResourcesFit();
  const big = podRequesting('p', { cpu: '1', memory: '3Gi', 'ephemeral-storage': '20Gi', 'example.com/gpu': '1' });
  assert.deepEqual(run(plugin, big, node), ['Too many pods', 'Insufficient cpu', 'Insufficient ephemeral-storage', 'Insufficient example.com/gpu']);
  assert.equal(plugin.filter(new CycleState(), big, node)?.code, 'Unschedulable');
  const roomy = new NodeInfo(makeNode('m', { cpu: '2', memory: '4Gi' }), [podRequesting('a', { cpu: '1500m', memory: '1Gi' })]);
  assert.deepEqual(run(plugin, podRequesting('p', { cpu: '500m', memory: '3Gi' }), roomy), [], 'exactly full still fits');
  assert.deepEqual(run(plugin, podRequesting('p', { cpu: '501m' }), roomy), ['Insufficient cpu']);
  assert.deepEqual(run(plugin, podRequesting('p', { memory: '3073Mi' }), roomy), ['Insufficient memory']);
  const init = makePod('p', { initContainers: [container('i', { cpu: '1' })], containers: [container('a', { cpu: '100m' })] });
  assert.deepEqual(run(plugin, init, roomy), ['Insufficient cpu'], 'the init container request counts');
});
