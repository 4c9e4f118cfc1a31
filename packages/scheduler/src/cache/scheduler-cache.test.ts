/** Unit tests of the scheduler cache: assumed pods (confirm, forget, expiry on the clock) and snapshots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '@skiff/runtime';
import { ASSUMED_POD_TTL_MS, CLEANUP_ASSUMED_PERIOD_MS, SchedulerCache } from './scheduler-cache.js';

function node(name: string, pods = '10'): Node {
  return { metadata: { name }, status: { allocatable: { cpu: '4', memory: '8Gi', pods } } };
}

function pod(name: string, nodeName?: string, cpu = '1'): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }] },
  };
}

test('an assumed pod counts on its node until forgotten', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  cache.addNode(node('n1'));
  cache.assumePod(pod('a', 'n1'));
  assert.equal(cache.isAssumedPod(pod('a')), true);
  assert.equal(cache.snapshot()[0]!.requested.milliCPU, 1000);
  assert.throws(() => cache.assumePod(pod('a', 'n1')), /can't be assumed/);
  cache.forgetPod(pod('a', 'n1'));
  assert.equal(cache.isAssumedPod(pod('a')), false);
  assert.equal(cache.snapshot()[0]!.requested.milliCPU, 0);
  assert.equal(cache.podCount(), 0);
});

test('the informer confirms an assumed pod, and on another node moves it', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  cache.addNode(node('n1'));
  cache.addNode(node('n2'));
  cache.assumePod(pod('a', 'n1'));
  cache.finishBinding(pod('a', 'n1'));
  cache.addPod(pod('a', 'n2'));
  assert.equal(cache.isAssumedPod(pod('a')), false);
  const byName = new Map(cache.snapshot().map((n) => [n.name, n]));
  assert.equal(byName.get('n1')!.pods.length, 0);
  assert.equal(byName.get('n2')!.pods.length, 1);
  cache.removePod(pod('a', 'n2'));
  assert.equal(cache.podCount(), 0);
});

test('an assumed pod expires TTL after its binding finished, not before, and never while binding', () => {
  const clock = new FakeClock();
  const cache = new SchedulerCache({ clock });
  cache.addNode(node('n1'));
  cache.assumePod(pod('binding', 'n1'));
  cache.assumePod(pod('bound', 'n1'));
  cache.finishBinding(pod('bound', 'n1'));
  const expired: string[] = [];
  cache.run((pods) => expired.push(...pods.map((p) => p.metadata!.name!)));
  clock.step(ASSUMED_POD_TTL_MS - CLEANUP_ASSUMED_PERIOD_MS);
  assert.deepEqual(expired, []);
  clock.step(2 * CLEANUP_ASSUMED_PERIOD_MS);
  assert.deepEqual(expired, ['bound']);
  assert.equal(cache.isAssumedPod(pod('binding')), true);
  assert.equal(cache.snapshot()[0]!.pods.length, 1);
  cache.stop();
  assert.equal(clock.hasWaiters(), false);
});

test('snapshot copies only nodes that changed and drops deleted nodes', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  cache.addNode(node('n1'));
  cache.addNode(node('n2'));
  const first = cache.snapshot();
  assert.equal(cache.snapshot(), first, 'no change: the same list');
  cache.addPod(pod('a', 'n2'));
  const second = cache.snapshot();
  const get = (list: typeof first, name: string) => list.find((n) => n.name === name)!;
  assert.equal(get(second, 'n1'), get(first, 'n1'), 'unchanged node shared');
  assert.notEqual(get(second, 'n2'), get(first, 'n2'));
  assert.equal(get(first, 'n2').pods.length, 0, 'an older snapshot is not mutated');
  assert.equal(get(second, 'n2').pods.length, 1);
  cache.removeNode(node('n2'));
  assert.deepEqual(cache.snapshot().map((n) => n.name), ['n1']);
  cache.addNode(node('n2'));
  assert.equal(get(cache.snapshot(), 'n2').pods.length, 1, 'pods kept across a node delete and re-add');
});

test('pods seen before their node are counted once the node arrives', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  cache.addPod(pod('a', 'late'));
  assert.equal(cache.snapshot().length, 0);
  cache.addNode(node('late'));
  assert.equal(cache.snapshot()[0]!.requested.milliCPU, 1000);
});

test('an incrementally updated snapshot equals a fresh one, keeps node order, and never mutates older lists', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  for (let i = 0; i < 5; i++) cache.addNode(node(`n${i}`));
  const first = cache.snapshot();
  cache.assumePod(pod('a', 'n3'));
  cache.addPod(pod('b', 'n1'));
  cache.addPod(pod('orphan', 'nowhere'));
  const second = cache.snapshot();
  assert.deepEqual(second.map((n) => n.name), ['n0', 'n1', 'n2', 'n3', 'n4']);
  assert.deepEqual(first.map((n) => n.pods.length), [0, 0, 0, 0, 0], 'the older list is untouched');
  assert.deepEqual(second.map((n) => n.pods.length), [0, 1, 0, 1, 0]);
  cache.updateNode(node('n2'), node('n2', '20'));
  cache.forgetPod(pod('a', 'n3'));
  const third = cache.snapshot();
  assert.equal(third[2]!.allocatable.allowedPodNumber, 20);
  assert.equal(third[3]!.pods.length, 0);
  assert.equal(second[3]!.pods.length, 1);
  const fresh = new SchedulerCache({ clock: new FakeClock() });
  for (let i = 0; i < 5; i++) fresh.addNode(i === 2 ? node('n2', '20') : node(`n${i}`));
  fresh.addPod(pod('b', 'n1'));
  const summary = (list: typeof third) => list.map((n) => [n.name, n.pods.length, n.requested.milliCPU, n.allocatable.allowedPodNumber]);
  assert.deepEqual(summary(third), summary(fresh.snapshot()));
});

test('havePodsWithAffinity and havePodsWithRequiredAntiAffinity list the snapshot nodes holding such pods', () => {
  const cache = new SchedulerCache({ clock: new FakeClock() });
  for (const name of ['n1', 'n2', 'n3']) cache.addNode(node(name));
  const term = { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' };
  const withAffinity = (p: Pod, affinity: NonNullable<Pod['spec']>['affinity']): Pod => ({ ...p, spec: { ...p.spec!, affinity } });
  cache.addPod(withAffinity(pod('pref', 'n1'), { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] } }));
  cache.addPod(withAffinity(pod('anti', 'n3'), { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }));
  cache.addPod(pod('plain', 'n2'));
  assert.deepEqual(cache.havePodsWithAffinity().map((n) => n.name), ['n1', 'n3']);
  assert.deepEqual(cache.havePodsWithRequiredAntiAffinity().map((n) => n.name), ['n3']);
  cache.removePod(pod('anti', 'n3'));
  assert.deepEqual(cache.havePodsWithRequiredAntiAffinity(), []);
  assert.deepEqual(cache.havePodsWithAffinity().map((n) => n.name), ['n1']);
});
