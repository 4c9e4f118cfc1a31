/** Tests of the Framework runner: plugin instantiation, filter order, diagnosis, score normalization and weights, bind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from './cycle-state.js';
import { Framework } from './framework.js';
import type { BindPlugin, FilterPlugin, NodeScore, PreScorePlugin, Profile, Registry, ScorePlugin } from './interface.js';
import { NodeInfo } from './node-info.js';
import { defaultNormalizeScore } from './normalize-score.js';
import { selectHost } from './select-host.js';
import { Code, Status } from './status.js';
import { makeNode, makePod } from './test-fixtures.js';

/** A filter that rejects the listed nodes and counts its calls. */
function rejecting(name: string, nodes: string[], code = Code.Unschedulable): FilterPlugin & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    calls,
    filter(_s, _p, n) {
      calls.push(n.name);
      return nodes.includes(n.name) ? new Status(code, [`rejected by ${name}`]) : undefined;
    },
  };
}

/** A score plugin returning fixed raw scores, optionally normalizing. */
function fixed(name: string, raw: Record<string, number>, normalize?: (s: NodeScore[]) => void): ScorePlugin {
  const p: ScorePlugin = { name, score: (_s, _p, n) => raw[n.name] ?? 0 };
  if (normalize) p.normalizeScore = (_s, _p, scores) => (normalize(scores), undefined);
  return p;
}

const nodes = ['n1', 'n2', 'n3'].map((n) => new NodeInfo(makeNode(n)));
const pod = makePod('p');

function frameworkOf(plugins: Profile['plugins'], registry: Registry): Framework {
  return new Framework({ schedulerName: 'test', plugins }, registry);
}

test('filters stop at the first rejection, which is recorded with the plugin name', () => {
  const a = rejecting('A', ['n1']);
  const b = rejecting('B', ['n2']);
  const fw = frameworkOf({ filter: [{ name: 'A' }, { name: 'B' }] }, { A: () => a, B: () => b });
  const { feasible, diagnosis, status } = fw.findNodesThatFit(new CycleState(), pod, nodes);
  assert.equal(status, undefined);
  assert.deepEqual(feasible.map((n) => n.name), ['n3']);
  assert.deepEqual(b.calls.sort(), ['n2', 'n3'], 'B never sees the node A rejected');
  assert.equal(diagnosis.nodeToStatus.get('n1')?.plugin, 'A');
  assert.deepEqual(diagnosis.nodeToStatus.get('n2')?.reasons, ['rejected by B']);
  assert.deepEqual([...diagnosis.unschedulablePlugins].sort(), ['A', 'B']);
});

test('a filter that throws aborts the cycle with an Error status', () => {
  const boom: FilterPlugin = {
    name: 'Boom',
    filter() {
      throw new Error('kaput');
    },
  };
  const fw = frameworkOf({ filter: [{ name: 'Boom' }] }, { Boom: () => boom });
  const r = fw.findNodesThatFit(new CycleState(), pod, nodes);
  assert.equal(r.status?.code, Code.Error);
  assert.match(r.status!.message(), /Boom.*kaput/);
  assert.deepEqual(r.feasible, []);
});

test('a PreFilter Skip skips that plugin\'s Filter; a PreFilter rejection marks every node', () => {
  const skipper = { ...rejecting('S', ['n1', 'n2', 'n3']), preFilter: () => Status.skip() };
  const fw = frameworkOf({ preFilter: [{ name: 'S' }], filter: [{ name: 'S' }] }, { S: () => skipper });
  assert.equal(fw.findNodesThatFit(new CycleState(), pod, nodes).feasible.length, 3);

  const gate = { name: 'G', preFilter: () => Status.unresolvable('pod is gated') };
  const fw2 = frameworkOf({ preFilter: [{ name: 'G' }] }, { G: () => gate });
  const r = fw2.findNodesThatFit(new CycleState(), pod, nodes);
  assert.equal(r.feasible.length, 0);
  assert.equal(r.diagnosis.preFilterMsg, 'pod is gated');
  assert.equal(r.diagnosis.nodeToStatus.size, 3);
});

test('scores are normalized per plugin, multiplied by weight and summed', () => {
  const registry: Registry = {
    Raw: () => fixed('Raw', { n1: 10, n2: 50, n3: 100 }),
    Norm: () => fixed('Norm', { n1: 4, n2: 2, n3: 0 }, (s) => defaultNormalizeScore(s, false)),
  };
  const fw = frameworkOf({ score: [{ name: 'Raw', weight: 1 }, { name: 'Norm', weight: 3 }] }, registry);
  const { scores, status } = fw.runScorePlugins(new CycleState(), pod, nodes);
  assert.equal(status, undefined);
  // Norm: 4,2,0 -> 100,50,0, x3 -> 300,150,0; plus Raw 10,50,100
  assert.deepEqual(scores.map((s) => [s.name, s.totalScore]), [['n1', 310], ['n2', 200], ['n3', 100]]);
  assert.deepEqual(scores[0]!.scores, [{ plugin: 'Raw', score: 10 }, { plugin: 'Norm', score: 300 }]);
  assert.equal(selectHost(scores), 'n1');
  // Unweighted, n2 and n3 tie: the weight of Norm is what separates them.
  const unweighted = frameworkOf({ score: [{ name: 'Raw' }, { name: 'Norm' }] }, registry).runScorePlugins(new CycleState(), pod, nodes);
  assert.deepEqual(unweighted.scores.map((s) => s.totalScore), [110, 100, 100]);
});

test('a score outside 0..100 after normalizing is an error; PreScore Skip drops the plugin', () => {
  const fw = frameworkOf({ score: [{ name: 'Big' }] }, { Big: () => fixed('Big', { n1: 500 }) });
  assert.equal(fw.runScorePlugins(new CycleState(), pod, nodes).status?.code, Code.Error);

  const skipped: ScorePlugin & PreScorePlugin = { ...fixed('Big', { n1: 500 }), preScore: () => Status.skip() };
  const fw2 = frameworkOf({ preScore: [{ name: 'Big' }], score: [{ name: 'Big' }] }, { Big: () => skipped });
  const r = fw2.prioritizeNodes(new CycleState(), pod, nodes);
  assert.equal(r.status, undefined);
  assert.deepEqual(r.scores.map((s) => s.totalScore), [0, 0, 0]);
});

test('defaultNormalizeScore scales to 100, reversed when asked; all-zero reversed becomes all 100', () => {
  const s = [{ name: 'a', score: 1 }, { name: 'b', score: 3 }, { name: 'c', score: 0 }];
  defaultNormalizeScore(s, true);
  assert.deepEqual(s.map((x) => x.score), [67, 0, 100]);
  const z = [{ name: 'a', score: 0 }];
  defaultNormalizeScore(z, true);
  assert.equal(z[0]!.score, 100);
});

test('selectHost breaks ties with the injected random source', () => {
  const scores = [
    { name: 'a', scores: [], totalScore: 5 },
    { name: 'b', scores: [], totalScore: 9 },
    { name: 'c', scores: [], totalScore: 9 },
  ];
  assert.equal(selectHost(scores, () => 0), 'c');
  assert.equal(selectHost(scores, () => 0.99), 'b');
});

test('unknown plugins and plugins missing an extension point are rejected at construction', () => {
  assert.throws(() => frameworkOf({ filter: [{ name: 'Nope' }] }, {}), /plugin "Nope" does not exist/);
  assert.throws(() => frameworkOf({ score: [{ name: 'F' }] }, { F: () => rejecting('F', []) }), /does not extend score/);
});

test('numFeasibleNodesToFind follows the adaptive percentage', () => {
  const fw = frameworkOf({}, {});
  assert.equal(fw.numFeasibleNodesToFind(50), 50);
  assert.equal(fw.numFeasibleNodesToFind(1000), 420); // 50 - 1000/125 = 42%
  assert.equal(fw.numFeasibleNodesToFind(5000), 500); // 50 - 40 = 10%
  assert.equal(fw.numFeasibleNodesToFind(10000), 500); // floor at 5%
});

test('bind: Skip passes to the next binder; all skipping is an error', async () => {
  const bound: string[] = [];
  const skip: BindPlugin = { name: 'Skip', bind: async () => Status.skip() };
  const real: BindPlugin = { name: 'Real', bind: async (_s, p: Pod, node) => (bound.push(`${p.metadata?.name}->${node}`), undefined) };
  const fw = frameworkOf({ bind: [{ name: 'Skip' }, { name: 'Real' }] }, { Skip: () => skip, Real: () => real });
  assert.equal(await fw.runBindPlugins(new CycleState(), pod, 'n2'), undefined);
  assert.deepEqual(bound, ['p->n2']);
  const only = frameworkOf({ bind: [{ name: 'Skip' }] }, { Skip: () => skip });
  assert.equal((await only.runBindPlugins(new CycleState(), pod, 'n2'))?.code, Code.Error);
});
