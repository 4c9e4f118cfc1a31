/** Tests of PodTopologySpread: skew over zones and hosts, missing labels, minDomains, inclusion policies, matchLabelKeys, ScheduleAnyway scoring. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodSpec, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '@skiff/api';
import { CycleState, Framework, NodeInfo } from '../framework/index.js';
import { makeNode, makePod } from '../framework/test-fixtures.js';
import { PodTopologySpread, type PodTopologySpreadArgs, type PodTopologySpreadOptions } from './pod-topology-spread.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const SKEW = "node(s) didn't match pod topology spread constraints";
const MISSING = "node(s) didn't match pod topology spread constraints (missing required label)";

/** A node labelled with its hostname and zone (zone omitted when undefined), holding `web` pods with the given labels. */
function node(name: string, zone: string | undefined, pods: Pod[] = []): NodeInfo {
  const labels: Record<string, string> = { [HOST]: name };
  if (zone !== undefined) labels[ZONE] = zone;
  return new NodeInfo(makeNode(name, {}, { metadata: { name, labels } }), pods);
}

let seq = 0;
/** A pod with labels (app=web unless given) and spec fields. */
function pod(labels: Record<string, string> = { app: 'web' }, spec: Partial<PodSpec> = {}): Pod {
  const p = makePod(`p${++seq}`, spec);
  p.metadata = { ...p.metadata, labels };
  return p;
}

const spread = (topologyKey: string, maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  topologyKey,
  maxSkew,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});

const withSpread = (...constraints: TopologySpreadConstraint[]): Pod => pod({ app: 'web' }, { topologySpreadConstraints: constraints });

/** Runs PreFilter over all nodes and Filter on each: node name -> first reason, or 'ok'. */
function filterAll(p: Pod, nodes: NodeInfo[]): Record<string, string> {
  const plugin = new PodTopologySpread();
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
function scoreAll(p: Pod, nodes: NodeInfo[], args: PodTopologySpreadArgs = {}, options: PodTopologySpreadOptions = {}): Record<string, number> {
  const plugin = new PodTopologySpread(args, options);
  const ref = [{ name: plugin.name }];
  const fw = new Framework({ schedulerName: 't', plugins: { preFilter: ref, preScore: ref, score: ref } }, { [plugin.name]: () => plugin });
  const state = new CycleState();
  fw.runPreFilterPlugins(state, p, nodes);
  const { scores, status } = fw.prioritizeNodes(state, p, nodes);
  assert.equal(status, undefined);
  return Object.fromEntries(scores.map((s) => [s.name, s.totalScore]));
}

test('zone skew: a zone that already holds more matching pods is rejected, up to maxSkew', () => {
  const nodes = [node('a', 'z1', [pod(), pod()]), node('b', 'z1'), node('c', 'z2'), node('d', 'z2', [pod({ app: 'other' })])];
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 1)), nodes), { a: SKEW, b: SKEW, c: 'ok', d: 'ok' });
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 3)), nodes), { a: 'ok', b: 'ok', c: 'ok', d: 'ok' });
  const state = new CycleState();
  const plugin = new PodTopologySpread();
  const p = withSpread(spread(ZONE, 1));
  plugin.preFilter(state, p, nodes);
  assert.equal(plugin.filter(state, p, nodes[0]!)?.code, 'Unschedulable');
});

test('hostname skew: the pod goes to the hosts with the fewest matching pods', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', 'z1'), node('c', 'z2')];
  assert.deepEqual(filterAll(withSpread(spread(HOST, 1)), nodes), { a: SKEW, b: 'ok', c: 'ok' });
  // Two constraints: both must hold.
  nodes[2]!.addPod(pod());
  assert.deepEqual(filterAll(withSpread(spread(HOST, 1), spread(ZONE, 1)), nodes), { a: SKEW, b: 'ok', c: SKEW });
});

test('a pod the selector does not match adds no skew of its own', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', 'z2')];
  const outsider = pod({ app: 'batch' }, { topologySpreadConstraints: [spread(ZONE, 1)] });
  assert.deepEqual(filterAll(outsider, nodes), { a: 'ok', b: 'ok' });
});

test('nodes without the topology key are rejected as unresolvable and are not domains', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', undefined)];
  const result = filterAll(withSpread(spread(ZONE, 1)), nodes);
  assert.deepEqual(result, { a: 'ok', b: MISSING }, 'z1 is the only domain, so its skew is 1 - 1 + 1');
  const plugin = new PodTopologySpread();
  const state = new CycleState();
  const p = withSpread(spread(ZONE, 1));
  plugin.preFilter(state, p, nodes);
  assert.equal(plugin.filter(state, p, nodes[1]!)?.code, 'UnschedulableAndUnresolvable');
});

test('minDomains: with fewer domains than minDomains the global minimum is 0', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', 'z2', [pod()])];
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 1)), nodes), { a: 'ok', b: 'ok' });
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 1, { minDomains: 3 })), nodes), { a: SKEW, b: SKEW });
});

test('nodeAffinityPolicy Honor (default) leaves nodes the pod cannot use out of the domains; Ignore counts them', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', 'z2')];
  nodes[0]!.node.metadata!.labels!['disk'] = 'ssd';
  const honor = pod({ app: 'web' }, { nodeSelector: { disk: 'ssd' }, topologySpreadConstraints: [spread(ZONE, 1)] });
  assert.deepEqual(filterAll(honor, nodes).a, 'ok', 'z2 is not a domain: a skew of 1 - 1 + 1');
  const ignore = pod({ app: 'web' }, { nodeSelector: { disk: 'ssd' }, topologySpreadConstraints: [spread(ZONE, 1, { nodeAffinityPolicy: 'Ignore' })] });
  assert.deepEqual(filterAll(ignore, nodes).a, SKEW, 'z2 with 0 pods counts: a skew of 2');
});

test('nodeTaintsPolicy Ignore (default) counts tainted nodes as domains; Honor leaves them out', () => {
  const nodes = [node('a', 'z1', [pod()]), node('b', 'z2')];
  nodes[1]!.node.spec = { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] };
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 1)), nodes).a, SKEW);
  assert.deepEqual(filterAll(withSpread(spread(ZONE, 1, { nodeTaintsPolicy: 'Honor' })), nodes).a, 'ok');
});

test('matchLabelKeys narrows the selector to pods with the incoming pod\'s values', () => {
  const v1 = { app: 'web', version: 'v1' };
  const nodes = [node('a', 'z1', [pod(v1), pod(v1)]), node('b', 'z2')];
  const v2 = pod({ app: 'web', version: 'v2' }, { topologySpreadConstraints: [spread(ZONE, 1, { matchLabelKeys: ['version'] })] });
  assert.deepEqual(filterAll(v2, nodes), { a: 'ok', b: 'ok' });
  const plain = pod({ app: 'web', version: 'v2' }, { topologySpreadConstraints: [spread(ZONE, 1)] });
  assert.deepEqual(filterAll(plain, nodes), { a: SKEW, b: 'ok' });
});

test('ScheduleAnyway does not filter, and scoring prefers the emptier zone; nodes without the key score 0', () => {
  const nodes = [node('a', 'z1', [pod(), pod()]), node('b', 'z1'), node('c', 'z2'), node('d', undefined)];
  const p = withSpread(spread(ZONE, 1, { whenUnsatisfiable: 'ScheduleAnyway' }));
  assert.deepEqual(filterAll(p, nodes), { a: 'ok', b: 'ok', c: 'ok', d: 'ok' });
  assert.deepEqual(scoreAll(p, nodes), { a: 0, b: 0, c: 100, d: 0 });
});

test('ScheduleAnyway by hostname prefers the host with fewer matching pods', () => {
  const nodes = [node('a', 'z1', [pod(), pod(), pod()]), node('b', 'z1', [pod()]), node('c', 'z2')];
  const p = withSpread(spread(HOST, 1, { whenUnsatisfiable: 'ScheduleAnyway' }));
  const scores = scoreAll(p, nodes);
  assert.ok(scores.c! > scores.b! && scores.b! > scores.a!, JSON.stringify(scores));
  assert.equal(scores.c, 100);
});

test('system default constraints apply only with a default selector source', () => {
  const nodes = [node('a', 'z1', [pod(), pod(), pod(), pod()]), node('b', 'z1'), node('c', 'z2')];
  const bare = pod();
  assert.deepEqual(scoreAll(bare, nodes), { a: 0, b: 0, c: 0 }, 'no selector source: skipped');
  const scores = scoreAll(bare, nodes, {}, { defaultSelector: () => selectorFromSet({ app: 'web' }) });
  assert.ok(scores.c! > scores.b! && scores.b! > scores.a!, JSON.stringify(scores));
  assert.deepEqual(filterAll(bare, nodes), { a: 'ok', b: 'ok', c: 'ok' }, 'system defaults never filter');
});
