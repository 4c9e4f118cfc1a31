/** Tests of InterPodAffinity: required affinity/anti-affinity by host and zone, existing pods' anti-affinity, the first pod of a group, preferred scoring. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { CycleState, Framework, NodeInfo, selectHost } from '../framework/index.js';
import { makeNode, makePod } from '../framework/test-fixtures.js';
import { InterPodAffinity, type InterPodAffinityArgs, type InterPodAffinityOptions } from './inter-pod-affinity.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** A node labelled with its hostname and zone (zone omitted when undefined). */
function node(name: string, zone: string | undefined, pods: Pod[] = []): NodeInfo {
  const labels: Record<string, string> = { [HOST]: name };
  if (zone !== undefined) labels[ZONE] = zone;
  return new NodeInfo(makeNode(name, {}, { metadata: { name, labels } }), pods);
}

/** A pod with labels, an optional affinity and a namespace. */
function pod(name: string, labels: Record<string, string>, affinity?: Affinity, namespace = 'default'): Pod {
  const p = makePod(name, affinity ? { affinity } : {});
  p.metadata = { ...p.metadata, labels, namespace };
  return p;
}

const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

/** Runs PreFilter over all nodes and Filter on each: node name -> first reason, or 'ok'. */
function filterAll(p: Pod, nodes: NodeInfo[], options?: InterPodAffinityOptions): Record<string, string> {
  const plugin = new InterPodAffinity({}, options);
  const state = new CycleState();
  const pre = plugin.preFilter(state, p, nodes);
  const out: Record<string, string> = {};
  for (const n of nodes) {
    const status = pre?.code === 'Skip' ? undefined : plugin.filter(state, p, n);
    out[n.name] = status ? status.reasons[0]! : 'ok';
  }
  return out;
}

/** Scores the nodes through a Framework (PreFilter, PreScore, Score, NormalizeScore): name -> score. */
function scoreAll(p: Pod, nodes: NodeInfo[], args: InterPodAffinityArgs = {}): Record<string, number> {
  const plugin = new InterPodAffinity(args);
  const ref = [{ name: plugin.name }];
  const fw = new Framework({ schedulerName: 't', plugins: { preFilter: ref, preScore: ref, score: ref } }, { [plugin.name]: () => plugin });
  const state = new CycleState();
  fw.runPreFilterPlugins(state, p, nodes);
  const { scores, status } = fw.prioritizeNodes(state, p, nodes);
  assert.equal(status, undefined);
  return Object.fromEntries(scores.map((s) => [s.name, s.totalScore]));
}

const NO_AFFINITY = "node(s) didn't match pod affinity rules";
const NO_ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";

test('required affinity by hostname: only the node running a matching pod fits', () => {
  const nodes = [node('a', 'z1', [pod('db', { app: 'db' })]), node('b', 'z1'), node('c', 'z2', [pod('web0', { app: 'web' })])];
  const p = pod('web', { app: 'web' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST)] } });
  assert.deepEqual(filterAll(p, nodes), { a: 'ok', b: NO_AFFINITY, c: NO_AFFINITY });
});

test('required affinity by zone: every node of the matching pod\'s zone fits; nodes without the zone label do not', () => {
  const nodes = [node('a', 'z1', [pod('db', { app: 'db' })]), node('b', 'z1'), node('c', 'z2'), node('d', undefined)];
  const p = pod('web', { app: 'web' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } });
  assert.deepEqual(filterAll(p, nodes), { a: 'ok', b: 'ok', c: NO_AFFINITY, d: NO_AFFINITY });
});

test('required affinity respects namespaces: a matching pod in another namespace does not count', () => {
  const nodes = [node('a', 'z1', [pod('db', { app: 'db' }, undefined, 'other')]), node('b', 'z1')];
  const own = pod('web', { app: 'web' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST)] } });
  assert.deepEqual(filterAll(own, nodes), { a: NO_AFFINITY, b: NO_AFFINITY });
  const named = pod('web', { app: 'web' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST, { namespaces: ['other'] })] } });
  assert.deepEqual(filterAll(named, nodes), { a: 'ok', b: NO_AFFINITY });
  const bySelector = pod('web', { app: 'web' }, {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST, { namespaceSelector: { matchLabels: { team: 'x' } } })] },
  });
  const labels = (ns: string): Record<string, string> => (ns === 'other' ? { team: 'y' } : {});
  assert.deepEqual(filterAll(bySelector, nodes, { namespaceLabels: labels }), { a: NO_AFFINITY, b: NO_AFFINITY }, 'namespace labels do not match');
  assert.deepEqual(filterAll(bySelector, nodes), { a: 'ok', b: NO_AFFINITY }, 'without namespace labels the selector matches all');
});

test('the first pod of a group that matches its own affinity term may go anywhere with the topology label', () => {
  const nodes = [node('a', 'z1'), node('b', 'z2'), node('c', undefined)];
  const self = pod('web-0', { app: 'web' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } });
  assert.deepEqual(filterAll(self, nodes), { a: 'ok', b: 'ok', c: NO_AFFINITY });
  const notSelf = pod('api', { app: 'api' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } });
  assert.deepEqual(filterAll(notSelf, nodes), { a: NO_AFFINITY, b: NO_AFFINITY, c: NO_AFFINITY });
  // Once a group member runs in z2, the rest must follow it there.
  nodes[1]!.addPod(pod('web-1', { app: 'web' }));
  assert.deepEqual(filterAll(self, nodes), { a: NO_AFFINITY, b: 'ok', c: NO_AFFINITY });
});

test('required anti-affinity by hostname and by zone', () => {
  const nodes = [node('a', 'z1', [pod('web-0', { app: 'web' })]), node('b', 'z1'), node('c', 'z2')];
  const byHost = pod('web-1', { app: 'web' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', HOST)] } });
  assert.deepEqual(filterAll(byHost, nodes), { a: NO_ANTI, b: 'ok', c: 'ok' });
  const byZone = pod('web-1', { app: 'web' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } });
  assert.deepEqual(filterAll(byZone, nodes), { a: NO_ANTI, b: NO_ANTI, c: 'ok' });
  const plugin = new InterPodAffinity();
  const state = new CycleState();
  plugin.preFilter(state, byHost, nodes);
  assert.equal(plugin.filter(state, byHost, nodes[0]!)?.code, 'Unschedulable', 'preemption may help');
});

test('existing pods\' anti-affinity keeps a matching pod out of their topology', () => {
  const loner = pod('loner', { app: 'loner' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('noisy', ZONE)] } });
  const nodes = [node('a', 'z1', [loner]), node('b', 'z1'), node('c', 'z2')];
  assert.deepEqual(filterAll(pod('n', { app: 'noisy' }), nodes), { a: EXISTING_ANTI, b: EXISTING_ANTI, c: 'ok' });
  assert.deepEqual(filterAll(pod('q', { app: 'quiet' }), nodes), { a: 'ok', b: 'ok', c: 'ok' });
});

test('a pod with no pod affinity and no anti-affinity around is skipped by PreFilter', () => {
  const plugin = new InterPodAffinity();
  const status = plugin.preFilter(new CycleState(), pod('p', { app: 'x' }), [node('a', 'z1', [pod('o', { app: 'y' })])]);
  assert.equal(status?.code, 'Skip');
});

test('preferred affinity and anti-affinity order the nodes by summed weights, normalized to 0..100', () => {
  const nodes = [
    node('a', 'z1', [pod('cache', { app: 'cache' })]),
    node('b', 'z1', [pod('batch', { app: 'batch' })]),
    node('c', 'z2', [pod('cache2', { app: 'cache' })]),
    node('d', 'z3'),
  ];
  const p = pod('web', { app: 'web' }, {
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('cache', HOST) }] },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('batch', ZONE) }] },
  });
  // raw: a = 10 - 5 = 5, b = -5, c = 10, d = 0 -> min -5, max 10
  const scores = scoreAll(p, nodes);
  assert.deepEqual(scores, { a: 66, b: 0, c: 100, d: 33 });
});

test('existing pods\' required affinity (hardPodAffinityWeight) and preferred anti-affinity attract and repel the incoming pod', () => {
  const fan = pod('fan', { app: 'fan' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('star', HOST)] } });
  const hater = pod('hater', { app: 'hater' }, {
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('star', HOST) }] },
  });
  const nodes = [node('a', 'z1', [fan]), node('b', 'z1'), node('c', 'z1', [hater])];
  const star = pod('star', { app: 'star' });
  assert.deepEqual(scoreAll(star, nodes), { a: 100, b: 98, c: 0 });
  assert.deepEqual(scoreAll(star, nodes, { hardPodAffinityWeight: 0, ignorePreferredTermsOfExistingPods: true }), { a: 0, b: 0, c: 0 });
});

test('in a framework with NodeResourcesFit-free scoring, the preferred affinity picks the host', () => {
  const nodes = [node('a', 'z1'), node('b', 'z1', [pod('cache', { app: 'cache' })])];
  const p = pod('web', { app: 'web' }, {
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term('cache', HOST) }] },
  });
  const plugin = new InterPodAffinity();
  const ref = [{ name: plugin.name }];
  const fw = new Framework(
    { schedulerName: 't', plugins: { preFilter: ref, filter: ref, preScore: ref, score: [{ name: plugin.name, weight: 2 }] } },
    { [plugin.name]: () => plugin },
  );
  const state = new CycleState();
  const { feasible } = fw.findNodesThatFit(state, p, nodes);
  assert.equal(feasible.length, 2);
  const { scores } = fw.prioritizeNodes(state, p, feasible);
  assert.equal(selectHost(scores), 'b');
  assert.equal(scores.find((s) => s.name === 'b')?.totalScore, 200);
});
