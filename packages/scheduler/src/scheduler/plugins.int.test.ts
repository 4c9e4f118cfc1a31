/** Integration tests: each scheduler plugin changes where a pod lands (or whether it lands), through a real API server with Nodes created through the API. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodAffinityTerm, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import {
  INTER_POD_AFFINITY,
  NODE_AFFINITY,
  NODE_PORTS,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_RESOURCES_FIT,
  NODE_UNSCHEDULABLE,
  POD_TOPOLOGY_SPREAD,
  TAINT_TOLERATION,
  defaultProfile,
} from '../plugins/index.js';
import { PAUSE_IMAGE, eventually, getPod, listEvents, startSchedulerEnv, type SchedulerEnv } from '../testing/int-env.js';
import { fitError, profileWithout, runCase, type CaseNode, type CasePod, type PluginCase } from '../testing/plugin-case.js';

/** Every plugin whose decisiveness a case shows by placing the same pod under a profile without it. */
const CONTROLLED = [
  NODE_UNSCHEDULABLE,
  NODE_AFFINITY,
  TAINT_TOLERATION,
  NODE_RESOURCES_FIT,
  NODE_PORTS,
  INTER_POD_AFFINITY,
  POD_TOPOLOGY_SPREAD,
  NODE_RESOURCES_BALANCED_ALLOCATION,
];

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
/** Same cpu:memory ratio, so BalancedAllocation ties and LeastAllocated prefers BIG for POD (87 vs 50). */
const BIG = { cpu: '8', memory: '16Gi', pods: '110' };
const SMALL = { cpu: '2', memory: '4Gi', pods: '110' };
const POD: CasePod = { requests: { cpu: '1', memory: '2Gi' } };

/** BIG ("big") and SMALL ("small") with extras per node; the case's node names are prefixed by the case. */
function bigAndSmall(prefix: string, big: CaseNode['extras'] = {}, small: CaseNode['extras'] = {}): CaseNode[] {
  return [
    { name: `${prefix}-big`, allocatable: BIG, extras: big },
    { name: `${prefix}-small`, allocatable: SMALL, extras: small },
  ];
}

/** A container of the pause image with these resources. */
function container(resources: ResourceRequirements, name = 'c'): Container {
  return { name, image: PAUSE_IMAGE, resources };
}

/** A pod affinity term selecting pods labelled app=`app` in the pod's namespace. */
function term(app: string, topologyKey: string): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app } }, topologyKey };
}

let env: SchedulerEnv;

before(async () => {
  env = await startSchedulerEnv({ profiles: [defaultProfile(), ...CONTROLLED.map(profileWithout)] });
});

after(async () => {
  await env?.stop();
});

const inCase = (ns: string, nodes: CaseNode[], body: (c: PluginCase) => Promise<void>) => runCase(env, ns, nodes, body);

test('NodeUnschedulable: a cordoned node is avoided unless the pod tolerates node.kubernetes.io/unschedulable', async () => {
  await inCase('unsched', bigAndSmall('unsched', { spec: { unschedulable: true } }), async (c) => {
    assert.equal(await c.placeWithout(NODE_UNSCHEDULABLE, 'control', POD), 'unsched-big');
    assert.equal(await c.placeAndRemove('plain', POD), 'unsched-small');
    const tolerations = [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }];
    assert.equal(await c.placeAndRemove('tolerating', { ...POD, spec: { tolerations } }), 'unsched-big');
    assert.equal(fitError(await c.pending('huge', { requests: { cpu: '3' } })), '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable.');
  });
});

/*
 * The NodeName filter cannot change an outcome through the API: a pod with spec.nodeName is assigned, so the scheduler
 * (like kube-scheduler, whose informer queues only pods without a nodeName) never schedules it; the filter only matters to
 * what-if runs such as preemption. What a pod created with spec.nodeName does change is the room left on its node.
 * Pinning a pod to a node through the scheduler is NodeAffinity's job (matchFields metadata.name, tested below).
 */
test('NodeName: a pod created with spec.nodeName is already assigned; the scheduler leaves it alone but counts it on its node', async () => {
  await inCase('nodename', bigAndSmall('nodename'), async (c) => {
    assert.equal(await c.placeAndRemove('before', POD), 'nodename-big');
    // Over-committing on purpose: nothing checks a pod bound at creation except the kubelet, which is not here.
    await c.pin('pinned', 'nodename-big', { requests: { cpu: '7500m', memory: '1Gi' } });
    assert.equal(await c.place('after', POD), 'nodename-small');
    await env.scheduler.idle();
    const pinned = await getPod(env.rest, 'nodename', 'pinned');
    assert.equal(pinned.spec?.nodeName, 'nodename-big');
    assert.equal(pinned.status?.conditions?.find((x) => x.type === 'PodScheduled'), undefined);
    assert.deepEqual(await listEvents(env.rest, 'nodename', 'Scheduled', 'pinned'), []);
    assert.deepEqual(await listEvents(env.rest, 'nodename', 'FailedScheduling', 'pinned'), []);
  });
});

test('NodeAffinity: nodeSelector and required In/NotIn/Exists/matchFields terms pick the labelled node; preferred terms steer', async () => {
  const big = { labels: { tier: 'front', color: 'blue' } };
  const small = { labels: { tier: 'back', ssd: 'true', color: 'red' } };
  await inCase('nodeaff', bigAndSmall('nodeaff', big, small), async (c) => {
    const required = (matchExpressions: { key: string; operator: string; values?: string[] }[], matchFields = false): CasePod => ({
      ...POD,
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [matchFields ? { matchFields: matchExpressions } : { matchExpressions }] },
          },
        },
      },
    });
    const selector: CasePod = { ...POD, spec: { nodeSelector: { ssd: 'true' } } };
    assert.equal(await c.placeWithout(NODE_AFFINITY, 'control-selector', selector), 'nodeaff-big');
    assert.equal(await c.placeAndRemove('selector', selector), 'nodeaff-small');
    const inTerm = required([{ key: 'tier', operator: 'In', values: ['back'] }]);
    assert.equal(await c.placeWithout(NODE_AFFINITY, 'control-in', inTerm), 'nodeaff-big');
    assert.equal(await c.placeAndRemove('in', inTerm), 'nodeaff-small');
    assert.equal(await c.placeAndRemove('notin', required([{ key: 'tier', operator: 'NotIn', values: ['front'] }])), 'nodeaff-small');
    assert.equal(await c.placeAndRemove('exists', required([{ key: 'ssd', operator: 'Exists' }])), 'nodeaff-small');
    const byName = required([{ key: 'metadata.name', operator: 'In', values: ['nodeaff-small'] }], true);
    assert.equal(await c.placeAndRemove('by-name', byName), 'nodeaff-small');
    const preferred: CasePod = {
      ...POD,
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'color', operator: 'In', values: ['red'] }] } }],
          },
        },
      },
    };
    assert.equal(await c.placeWithout(NODE_AFFINITY, 'control-preferred', preferred), 'nodeaff-big');
    assert.equal(await c.placeAndRemove('preferred', preferred), 'nodeaff-small');
    const nowhere: CasePod = { ...POD, spec: { nodeSelector: { ssd: 'false' } } };
    assert.equal(fitError(await c.pending('nowhere', nowhere)), "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
  });
});

test('TaintToleration: a NoSchedule taint is avoided unless tolerated; a PreferNoSchedule taint steers to the untainted node', async () => {
  const noSchedule = { spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } };
  await inCase('taint', bigAndSmall('taint', noSchedule), async (c) => {
    assert.equal(await c.placeWithout(TAINT_TOLERATION, 'control', POD), 'taint-big');
    assert.equal(await c.placeAndRemove('plain', POD), 'taint-small');
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }];
    assert.equal(await c.placeAndRemove('tolerating', { ...POD, spec: { tolerations } }), 'taint-big');
    const message = fitError(await c.pending('huge', { requests: { cpu: '3' } }));
    assert.equal(message, '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: infra}.');
  });
  const prefer = { spec: { taints: [{ key: 'spot', value: 'yes', effect: 'PreferNoSchedule' }] } };
  await inCase('prefer-taint', bigAndSmall('prefer-taint', prefer), async (c) => {
    assert.equal(await c.placeWithout(TAINT_TOLERATION, 'control', POD), 'prefer-taint-big');
    assert.equal(await c.placeAndRemove('plain', POD), 'prefer-taint-small');
    const tolerations = [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }];
    assert.equal(await c.placeAndRemove('tolerating', { ...POD, spec: { tolerations } }), 'prefer-taint-big');
  });
});

test('NodeResourcesFit: cpu and memory requests exclude a node that BalancedAllocation alone would pick', async () => {
  // X is perfectly balanced once the pod's requests are capped at its size (BalancedAllocation 100), Y is not (88, 95).
  const nodes: CaseNode[] = [
    { name: 'fit-x', allocatable: { cpu: '1', memory: '1Gi', pods: '110' } },
    { name: 'fit-y', allocatable: { cpu: '8', memory: '64Gi', pods: '110' } },
  ];
  await inCase('fit', nodes, async (c) => {
    const cpu: CasePod = { requests: { cpu: '2', memory: '1Gi' } };
    assert.equal(await c.placeWithout(NODE_RESOURCES_FIT, 'control-cpu', cpu), 'fit-x');
    assert.equal(await c.placeAndRemove('cpu', cpu), 'fit-y');
    const memory: CasePod = { requests: { cpu: '1', memory: '2Gi' } };
    assert.equal(await c.placeWithout(NODE_RESOURCES_FIT, 'control-memory', memory), 'fit-x');
    assert.equal(await c.placeAndRemove('memory', memory), 'fit-y');
    // Sorted as whole strings, count included (Go's sort.Strings), so "1 Insufficient memory" comes first.
    const both: CasePod = { requests: { cpu: '9', memory: '2Gi' } };
    assert.equal(fitError(await c.pending('both', both)), '0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.');
  });
});

test('NodeResourcesFit: ephemeral-storage, an extended resource, the pods count, init containers (max, not sum) and pod overhead', async () => {
  // "roomy" wins on LeastAllocated for POD (87 vs 50) but has little ephemeral-storage, no GPU and room for one pod.
  const nodes: CaseNode[] = [
    { name: 'res-roomy', allocatable: { ...BIG, 'ephemeral-storage': '1Gi', pods: '1' } },
    { name: 'res-tight', allocatable: { ...SMALL, 'ephemeral-storage': '10Gi', 'example.com/gpu': '2' } },
  ];
  await inCase('res', nodes, async (c) => {
    const withRequests = (extra: Record<string, string>): CasePod => ({ requests: { ...POD.requests, ...extra } });
    // Extended resources cannot be overcommitted: the API wants limits equal to the requests.
    const gpu = (n: string): CasePod => ({
      spec: { containers: [container({ requests: { ...POD.requests, 'example.com/gpu': n }, limits: { 'example.com/gpu': n } })] },
    });
    assert.equal(await c.placeAndRemove('control', POD), 'res-roomy');
    assert.equal(await c.placeAndRemove('storage', withRequests({ 'ephemeral-storage': '2Gi' })), 'res-tight');
    assert.equal(await c.placeAndRemove('gpu', gpu('1')), 'res-tight');
    const init = (initStorage: string): CasePod => ({
      ...withRequests({ 'ephemeral-storage': '600Mi' }),
      spec: { initContainers: [container({ requests: { 'ephemeral-storage': initStorage } }, 'init')] },
    });
    // 600Mi app + 800Mi init: the pod needs max(600Mi, 800Mi), which fits 1Gi (the sum would not).
    assert.equal(await c.placeAndRemove('init-max', init('800Mi')), 'res-roomy');
    assert.equal(await c.placeAndRemove('init-big', init('2Gi')), 'res-tight');
    assert.equal(await c.placeAndRemove('no-overhead', withRequests({ 'ephemeral-storage': '600Mi' })), 'res-roomy');
    const overhead: CasePod = { ...withRequests({ 'ephemeral-storage': '600Mi' }), spec: { overhead: { 'ephemeral-storage': '600Mi' } } };
    assert.equal(await c.placeAndRemove('overhead', overhead), 'res-tight');
    assert.equal(await c.place('first', POD), 'res-roomy');
    assert.equal(await c.place('second', POD), 'res-tight');
    const message = fitError(await c.pending('greedy', gpu('3')));
    // roomy lacks both (every insufficient resource is listed), tight lacks GPUs.
    assert.equal(message, '0/2 nodes are available: 1 Too many pods, 2 Insufficient example.com/gpu.');
  });
});

test('NodePorts: a second pod asking for the same hostPort goes to the other node, a third finds none', async () => {
  await inCase('ports', bigAndSmall('ports'), async (c) => {
    const hostPort: CasePod = { spec: { containers: [{ ...container({ requests: POD.requests! }), ports: [{ containerPort: 8080, hostPort: 8080 }] }] } };
    assert.equal(await c.place('first', hostPort), 'ports-big');
    assert.equal(await c.placeWithout(NODE_PORTS, 'control', hostPort), 'ports-big');
    assert.equal(await c.place('second', hostPort), 'ports-small');
    assert.equal(fitError(await c.pending('third', hostPort)), "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.");
  });
});

test('InterPodAffinity: required affinity by hostname and by zone, required anti-affinity spreads, preferred affinity steers', async () => {
  const nodes: CaseNode[] = [
    { name: 'ipa-big', allocatable: BIG, extras: { labels: { [ZONE]: 'zone-a' } } },
    { name: 'ipa-mid', allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, extras: { labels: { [ZONE]: 'zone-b' } } },
    { name: 'ipa-small', allocatable: SMALL, extras: { labels: { [ZONE]: 'zone-b' } } },
  ];
  await inCase('ipa', nodes, async (c) => {
    await c.pin('db', 'ipa-small', { requests: { cpu: '100m', memory: '128Mi' }, labels: { app: 'db' } });
    const affinity = (topologyKey: string): CasePod => ({
      ...POD,
      spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', topologyKey)] } } },
    });
    assert.equal(await c.placeWithout(INTER_POD_AFFINITY, 'control-host', affinity(HOSTNAME)), 'ipa-big');
    assert.equal(await c.placeAndRemove('same-host', affinity(HOSTNAME)), 'ipa-small');
    // Same zone as db, but not db's node: mid is emptier than small.
    assert.equal(await c.placeAndRemove('same-zone', affinity(ZONE)), 'ipa-mid');
    const preferred: CasePod = {
      ...POD,
      spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term('db', HOSTNAME) }] } } },
    };
    assert.equal(await c.placeWithout(INTER_POD_AFFINITY, 'control-preferred', preferred), 'ipa-big');
    assert.equal(await c.placeAndRemove('preferred', preferred), 'ipa-small');
    const lonely: CasePod = { ...POD, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('nothing', HOSTNAME)] } } } };
    assert.equal(fitError(await c.pending('lonely', lonely)), "0/3 nodes are available: 3 node(s) didn't match pod affinity rules.");
  });
  await inCase('anti', bigAndSmall('anti'), async (c) => {
    const web: CasePod = {
      ...POD,
      labels: { app: 'web' },
      spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', HOSTNAME)] } } },
    };
    assert.equal(await c.place('web-1', web), 'anti-big');
    assert.equal(await c.placeWithout(INTER_POD_AFFINITY, 'control', web), 'anti-big');
    assert.equal(await c.place('web-2', web), 'anti-small');
    assert.equal(fitError(await c.pending('web-3', web)), "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
  });
});

test('PodTopologySpread: DoNotSchedule with maxSkew 1 over zones spreads evenly; ScheduleAnyway steers to the emptier zone', async () => {
  const zoned = (prefix: string) => bigAndSmall(prefix, { labels: { [ZONE]: 'zone-a' } }, { labels: { [ZONE]: 'zone-b' } });
  const light = { cpu: '100m', memory: '128Mi' };
  const spread = (whenUnsatisfiable: string, app: string): CasePod => ({
    requests: light,
    labels: { app },
    spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable, labelSelector: { matchLabels: { app } } }] },
  });
  await inCase('spread', zoned('spread'), async (c) => {
    const pod = spread('DoNotSchedule', 'spread');
    assert.equal(await c.place('s-1', pod), 'spread-big');
    assert.equal(await c.placeWithout(POD_TOPOLOGY_SPREAD, 'control', pod), 'spread-big');
    const placed = [await c.place('s-2', pod), await c.place('s-3', pod), await c.place('s-4', pod)];
    assert.equal(placed[0], 'spread-small');
    const perNode = ['spread-big', ...placed].reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
    assert.deepEqual(Object.fromEntries(perNode), { 'spread-big': 2, 'spread-small': 2 });
  });
  await inCase('steer', zoned('steer'), async (c) => {
    await c.pin('existing', 'steer-big', { requests: light, labels: { app: 'steer' } });
    const pod = spread('ScheduleAnyway', 'steer');
    assert.equal(await c.placeWithout(POD_TOPOLOGY_SPREAD, 'control', pod), 'steer-big');
    assert.equal(await c.placeAndRemove('steered', pod), 'steer-small');
  });
});

test('NodeResourcesFit scoring (LeastAllocated) prefers the emptier node where BalancedAllocation alone would not', async () => {
  const same = { cpu: '4', memory: '8Gi', pods: '110' };
  await inCase('least', [{ name: 'least-used', allocatable: same }, { name: 'least-empty', allocatable: same }], async (c) => {
    await c.pin('existing', 'least-used', { requests: { cpu: '2', memory: '1Gi' } });
    // least-used: LeastAllocated 31, BalancedAllocation 93; least-empty: 62, 87.
    const pod: CasePod = { requests: { cpu: '1', memory: '4Gi' } };
    assert.equal(await c.placeWithout(NODE_RESOURCES_FIT, 'control', pod), 'least-used');
    assert.equal(await c.placeAndRemove('scored', pod), 'least-empty');
  });
});

test('NodeResourcesBalancedAllocation prefers the node left evenly used where LeastAllocated alone would not', async () => {
  const same = { cpu: '4', memory: '8Gi', pods: '110' };
  await inCase('balanced', [{ name: 'balanced-cpu', allocatable: same }, { name: 'balanced-mem', allocatable: same }], async (c) => {
    await c.pin('cpu-user', 'balanced-cpu', { requests: { cpu: '1', memory: '1Mi' } });
    await c.pin('mem-user', 'balanced-mem', { requests: { cpu: '1m', memory: '1638Mi' } });
    // balanced-cpu: LeastAllocated 49, BalancedAllocation 99; balanced-mem: 52, 77.
    const pod: CasePod = { requests: { cpu: '1', memory: '4Gi' } };
    assert.equal(await c.placeWithout(NODE_RESOURCES_BALANCED_ALLOCATION, 'control', pod), 'balanced-mem');
    assert.equal(await c.placeAndRemove('scored', pod), 'balanced-cpu');
  });
});

test('the failure message counts reasons per node and sorts them as kube-scheduler does', async () => {
  const nodes: CaseNode[] = [
    { name: 'msg-cpu', allocatable: SMALL, extras: { labels: { pool: 'x' } } },
    { name: 'msg-label', allocatable: BIG },
    { name: 'msg-taint', allocatable: BIG, extras: { labels: { pool: 'x' }, spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } } },
  ];
  await inCase('msg', nodes, async (c) => {
    const message = await c.pending('picky', { requests: { cpu: '3' }, spec: { nodeSelector: { pool: 'x' } } });
    // Then DefaultPreemption's count: preempting could only help on the node short of cpu, where no lower-priority pod runs.
    assert.equal(
      message,
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {gpu: true}. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    );
    const failed = await eventually('FailedScheduling event', async () => (await listEvents(env.rest, 'msg', 'FailedScheduling', 'picky'))[0]);
    assert.equal(failed.message, message);
  });
});
