/** Tests of the score plugins: NodeAffinity (preferred), TaintToleration (PreferNoSchedule), LeastAllocated, MostAllocated, BalancedAllocation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, Framework, NodeInfo, selectHost, type ScorePlugin } from '../framework/index.js';
import { makeNode, makePod, podRequesting } from '../framework/test-fixtures.js';
import { BalancedAllocation } from './balanced-allocation.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeResourcesFit } from './node-resources-fit.js';
import { balancedAllocationScore, leastAllocatedScore } from './resource-allocation.js';
import { TaintToleration } from './taint-toleration.js';

/** Scores the nodes with one plugin through a Framework (PreScore, Score, NormalizeScore); returns name -> score. */
function scoresOf(plugin: ScorePlugin, pod: Pod, nodes: NodeInfo[]): Record<string, number> {
  const pre = 'preScore' in plugin ? [{ name: plugin.name }] : [];
  const fw = new Framework({ schedulerName: 't', plugins: { preScore: pre, score: [{ name: plugin.name }] } }, { [plugin.name]: () => plugin });
  const { scores, status } = fw.prioritizeNodes(new CycleState(), pod, nodes);
  assert.equal(status, undefined);
  return Object.fromEntries(scores.map((s) => [s.name, s.totalScore]));
}

test('NodeAffinity scores the weights of matching preferred terms, normalized to 100', () => {
  const nodes = [
    new NodeInfo(makeNode('a', {}, { metadata: { name: 'a', labels: { zone: 'a' } } })),
    new NodeInfo(makeNode('b', {}, { metadata: { name: 'b', labels: { zone: 'b', ssd: 'true' } } })),
    new NodeInfo(makeNode('c')),
  ];
  const pod = makePod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 30, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } },
        ],
      },
    },
  });
  assert.deepEqual(scoresOf(new NodeAffinity(), pod, nodes), { a: 66, b: 100, c: 0 });
  assert.deepEqual(scoresOf(new NodeAffinity(), makePod('q'), nodes), { a: 0, b: 0, c: 0 }, 'no preferred terms: skipped');
});

test('TaintToleration prefers nodes with fewer untolerated PreferNoSchedule taints', () => {
  const tainted = (name: string, keys: string[]) =>
    new NodeInfo(makeNode(name, {}, { spec: { taints: keys.map((key) => ({ key, effect: 'PreferNoSchedule' as const })) } }));
  const nodes = [tainted('two', ['x', 'y']), tainted('one', ['x']), tainted('none', [])];
  assert.deepEqual(scoresOf(new TaintToleration(), makePod('p'), nodes), { two: 0, one: 50, none: 100 });
  const tolerant = makePod('p', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }, { key: 'y', operator: 'Exists' }] });
  assert.deepEqual(scoresOf(new TaintToleration(), tolerant, nodes), { two: 100, one: 100, none: 100 });
  const noScheduleOnly = makePod('p', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.equal(scoresOf(new TaintToleration(), noScheduleOnly, nodes)['one'], 50, 'a NoSchedule toleration does not count');
});

test('LeastAllocated favours the emptier node; MostAllocated the fuller one', () => {
  const busy = new NodeInfo(makeNode('busy', { cpu: '4', memory: '8Gi' }), [podRequesting('x', { cpu: '3', memory: '4Gi' })]);
  const idle = new NodeInfo(makeNode('idle', { cpu: '4', memory: '8Gi' }));
  const pod = podRequesting('p', { cpu: '1', memory: '2Gi' });
  // busy: cpu (4-4)/4 -> 0, memory (8-6)/8 -> 25 => 12; idle: cpu 75, memory 75 => 75
  assert.deepEqual(scoresOf(new NodeResourcesFit(), pod, [busy, idle]), { busy: 12, idle: 75 });
  const most = new NodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
  assert.deepEqual(scoresOf(most, pod, [busy, idle]), { busy: 87, idle: 25 });
});

test('LeastAllocated counts the default requests for pods that name none', () => {
  const node = new NodeInfo(makeNode('n', { cpu: '1', memory: '1000Mi' }));
  // 100m of 1000m -> 90; 200Mi of 1000Mi -> 80 => 85
  assert.deepEqual(scoresOf(new NodeResourcesFit(), makePod('p'), [node]), { n: 85 });
  assert.equal(leastAllocatedScore([5, 0], [4, 0], [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }]), 0, 'over-requested is 0');
});

test('BalancedAllocation favours the node whose cpu and memory stay evenly used', () => {
  const cpuHeavy = new NodeInfo(makeNode('cpuHeavy', { cpu: '4', memory: '8Gi' }), [podRequesting('x', { cpu: '3', memory: '1Gi' })]);
  const even = new NodeInfo(makeNode('even', { cpu: '4', memory: '8Gi' }), [podRequesting('y', { cpu: '1', memory: '2Gi' })]);
  const pod = podRequesting('p', { cpu: '500m', memory: '1Gi' });
  // cpuHeavy: 3.5/4=0.875, 2/8=0.25 -> std 0.3125 -> 68; even: 1.5/4=0.375, 3/8=0.375 -> 100
  assert.deepEqual(scoresOf(new BalancedAllocation(), pod, [cpuHeavy, even]), { cpuHeavy: 68, even: 100 });
  assert.deepEqual(scoresOf(new BalancedAllocation(), makePod('besteffort'), [cpuHeavy, even]), { cpuHeavy: 0, even: 0 }, 'best-effort pods skip');
  // fractions .25 .25 1: mean .5, std sqrt(.125) = .354 -> 64
  assert.equal(balancedAllocationScore([1, 1, 4], [4, 4, 4]), 64, 'three resources use the standard deviation');
});

test('scores change which node wins', () => {
  const busy = new NodeInfo(makeNode('busy', { cpu: '4', memory: '8Gi' }), [podRequesting('x', { cpu: '3', memory: '4Gi' })]);
  const idle = new NodeInfo(makeNode('idle', { cpu: '4', memory: '8Gi' }));
  const fw = new Framework({ schedulerName: 't', plugins: { score: [{ name: 'NodeResourcesFit' }] } }, { NodeResourcesFit: () => new NodeResourcesFit() });
  assert.equal(selectHost(fw.runScorePlugins(new CycleState(), podRequesting('p', { cpu: '1' }), [busy, idle]).scores), 'idle');
});
