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
