/** Unit tests of DefaultPreemption with a real framework: eligibility, minimal victims, node choice, messages, nominations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { CycleState, Framework, NodeInfo, type PodInfo, type PreemptionActions, type Profile } from '../../framework/index.js';
import { makeNode, podRequesting } from '../../framework/test-fixtures.js';
import { Nominator } from '../../queue/index.js';
import { inTreeRegistry } from '../registry.js';
import { DEFAULT_PREEMPTION } from './default-preemption.js';

const FIT_AND_PREEMPT: Profile = {
  schedulerName: 'default-scheduler',
  plugins: {
    preFilter: [{ name: 'NodeResourcesFit' }, { name: 'InterPodAffinity' }],
    filter: [{ name: 'TaintToleration' }, { name: 'NodeResourcesFit' }, { name: 'InterPodAffinity' }],
    postFilter: [{ name: DEFAULT_PREEMPTION }],
  },
};

/** A pod with a priority and a cpu request (and a start time, so importance among equals is defined). */
function pod(name: string, priority: number, cpu: string, extra: Partial<PodSpec> = {}, startTime = '2026-01-01T00:00:00Z'): Pod {
  const p = podRequesting(name, { cpu }, { priority, ...extra });
  return { ...p, status: { startTime } };
}

interface Setup {
  fwk: Framework;
  nodes: NodeInfo[];
  evicted: string[];
  cleared: string[];
  nominator: Nominator;
}

function setup(nodes: NodeInfo[]): Setup {
  const evicted: string[] = [];
  const cleared: string[] = [];
  const nominator = new Nominator();
  const preemption: PreemptionActions = {
    async preemptVictim(victim, _preemptor, nodeName) {
      evicted.push(`${nodeName}/${victim.metadata!.name}`);
    },
    async clearNominatedNodeName(pods) {
      for (const p of pods) {
        cleared.push(p.metadata!.name!);
        nominator.delete(p);
      }
    },
  };
  const fwk = new Framework(FIT_AND_PREEMPT, inTreeRegistry(), { snapshot: () => nodes, nominator, preemption });
  return { fwk, nodes, evicted, cleared, nominator };
}

/** Filters (which must all fail) then PostFilter, as a scheduling cycle does. */
async function cycle(s: Setup, preemptor: Pod) {
  const state = new CycleState();
  const fit = s.fwk.findNodesThatFit(state, preemptor, s.nodes);
  assert.equal(fit.feasible.length, 0, 'the preemptor must not fit anywhere before preemption');
  return s.fwk.runPostFilterPlugins(state, preemptor, fit.diagnosis);
}

const node = (name: string, cpu: string, pods: Pod[], taints = false) =>
  new NodeInfo(makeNode(name, { cpu }, taints ? { spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } } : {}), pods);

test('evicts the fewest lower-priority pods needed, keeping the more important ones, and nominates the node', async () => {
  const s = setup([node('n1', '4', [pod('low-a', 1, '1'), pod('low-b', 1, '1'), pod('mid', 5, '1'), pod('high', 100, '1')])]);
  const result = await cycle(s, pod('incoming', 10, '2'));
  assert.equal(result.status, undefined);
  assert.equal(result.nominatedNodeName, 'n1');
  // Two cpus are needed: the two priority-1 pods go, the priority-5 one is reprieved, the priority-100 one never was a candidate.
  assert.deepEqual(s.evicted.sort(), ['n1/low-a', 'n1/low-b']);
});

test('among candidate nodes, the one whose highest victim has the lowest priority wins, then fewer victims', async () => {
  const s = setup([
    node('a', '2', [pod('a-mid', 5, '2')]),
    node('b', '2', [pod('b-low1', 1, '1'), pod('b-low2', 1, '1')]),
    node('c', '2', [pod('c-low', 1, '2')]),
  ]);
  const result = await cycle(s, pod('incoming', 10, '2'));
  assert.equal(result.nominatedNodeName, 'c');
  assert.deepEqual(s.evicted, ['c/c-low']);
});

test('no lower-priority pods and untolerated taints give upstream\'s per-node preemption message', async () => {
  const s = setup([node('n1', '1', [pod('peer', 10, '1')]), node('n2', '1', [pod('other', 20, '1')]), node('tainted', '8', [], true)]);
  const result = await cycle(s, pod('incoming', 10, '1'));
  assert.equal(result.status?.code, 'Unschedulable');
  assert.equal(result.status?.message(), 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  assert.equal(result.nominatedNodeName, '');
  assert.deepEqual(s.evicted, []);
});

test('a node where even evicting every lower-priority pod is not enough is not a candidate', async () => {
  const s = setup([node('n1', '2', [pod('low', 1, '1'), pod('high', 100, '1')])]);
  const result = await cycle(s, pod('incoming', 10, '2'));
  assert.equal(result.status?.message(), 'preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  assert.deepEqual(s.evicted, []);
});

test('preemptionPolicy Never is not eligible', async () => {
  const s = setup([node('n1', '1', [pod('low', 1, '1')])]);
  const result = await cycle(s, pod('incoming', 10, '1', { preemptionPolicy: 'Never' }));
  assert.equal(result.status?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
  assert.deepEqual(s.evicted, []);
});

test('a pod whose victims are still terminating on its nominated node waits instead of preempting again', async () => {
  const base = pod('victim', 1, '1');
  const victim: Pod = {
    ...base,
    metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:01:00Z' },
    status: { ...base.status, conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] },
  };
  const s = setup([node('n1', '1', [victim]), node('n2', '1', [pod('low', 1, '1')])]);
  const incoming: Pod = { ...pod('incoming', 10, '1'), status: { nominatedNodeName: 'n1' } };
  const result = await cycle(s, incoming);
  assert.equal(result.status?.message(), 'preemption: not eligible due to a terminating pod on the nominated node.');
  assert.deepEqual(s.evicted, []);
});

test('lower-priority pods nominated to the chosen node lose their nomination', async () => {
  const s = setup([node('n1', '2', [pod('low', 1, '2')])]);
  s.nominator.add(pod('waiting', 5, '1'), 'n1');
  const result = await cycle(s, pod('incoming', 10, '2'));
  assert.equal(result.nominatedNodeName, 'n1');
  assert.deepEqual(s.cleared, ['waiting']);
  assert.deepEqual(s.nominator.nominatedPodsForNode('n1'), []);
});

test('filtering keeps a nominated pod\'s room: an equal-or-lower-priority pod does not take it, a higher one may', () => {
  const nodes = [node('n1', '2', [])];
  const s = setup(nodes);
  s.nominator.add(pod('nominated', 10, '2'), 'n1');
  const lower = s.fwk.findNodesThatFit(new CycleState(), pod('lower', 5, '1'), nodes);
  assert.deepEqual(lower.feasible.map((n) => n.name), []);
  assert.deepEqual([...lower.diagnosis.nodeToStatus.get('n1')!.reasons], ['Insufficient cpu']);
  const higher = s.fwk.findNodesThatFit(new CycleState(), pod('higher', 20, '1'), nodes);
  assert.deepEqual(higher.feasible.map((n) => n.name), ['n1']);
});

test('anti-affinity counted through the PreFilter extensions: evicting the matching pod makes room', async () => {
  const anti: Partial<PodSpec> = {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } }] } },
  };
  const unlabelled = pod('db', 1, '100m');
  const db: Pod = { ...unlabelled, metadata: { ...unlabelled.metadata, labels: { app: 'db' } } };
  const n1 = new NodeInfo(makeNode('n1', { cpu: '4' }, { metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } }), [db, pod('keep', 1, '100m')]);
  const s = setup([n1]);
  const result = await cycle(s, pod('incoming', 10, '100m', anti));
  assert.equal(result.nominatedNodeName, 'n1');
  // Only the pod the anti-affinity term matches goes; the other low-priority pod is reprieved.
  assert.deepEqual(s.evicted, ['n1/db']);
  const infos: readonly PodInfo[] = n1.pods;
  assert.equal(infos.length, 2, 'the dry run works on copies: the snapshot keeps both pods');
});
