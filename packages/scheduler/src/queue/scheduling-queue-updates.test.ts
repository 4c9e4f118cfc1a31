/** Tests of the scheduling queue's update and delete in every sub-queue, gated pods, and its metrics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ClusterEvents } from './cluster-events.js';
import { isPodUpdated } from './scheduling-queue.js';
import { isSettled, makePod, metricValue, newHarness, popAndFail, popNow, settledValue } from './test-helpers.js';

function withLabels(pod: Pod, labels: Record<string, string>): Pod {
  return { ...pod, metadata: { ...pod.metadata, labels, resourceVersion: '2' } };
}

function withStatus(pod: Pod): Pod {
  return { ...pod, metadata: { ...pod.metadata, resourceVersion: '2' }, status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } };
}

test('isPodUpdated ignores status, resourceVersion, generation, managedFields and finalizers', () => {
  const pod = makePod('p');
  assert.equal(isPodUpdated(pod, withStatus(pod)), false);
  assert.equal(isPodUpdated(pod, { ...pod, metadata: { ...pod.metadata, generation: 7, finalizers: ['x'] } }), false);
  assert.equal(isPodUpdated(pod, withLabels(pod, { a: 'b' })), true);
  assert.equal(isPodUpdated(undefined, pod), true);
});

test('update in activeQ replaces the pod in place and reorders by its new priority', async (t) => {
  const { queue } = newHarness(t);
  const a = makePod('a', { priority: 1 });
  queue.add(a);
  queue.add(makePod('b', { priority: 5 }));
  const a2: Pod = { ...a, spec: { ...a.spec!, priority: 10 } };
  queue.update(a, a2);
  assert.equal(queue.len().active, 2);
  const first = await popNow(queue);
  assert.equal(first.pod, a2);
  assert.equal(first.attempts, 1, 'attempts survive the update');
});

test('update in backoffQ replaces the pod in place; it keeps its backoff', async (t) => {
  const { queue, clock } = newHarness(t);
  const p = makePod('p');
  queue.add(p);
  const info = await popNow(queue);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  queue.addUnschedulableIfNotPresent(info, queue.currentSchedulingCycle());
  const p2 = withLabels(p, { changed: 'yes' });
  queue.update(p, p2);
  assert.deepEqual(queue.pendingPods(), [{ pod: p2, queue: 'backoff' }]);
  clock.step(1_000);
  assert.equal((await popNow(queue)).pod, p2);
});

test('update in unschedulablePods: status-only stays parked; a real change moves to backoffQ or activeQ', async (t) => {
  const { queue, clock } = newHarness(t);
  const p = makePod('p');
  queue.add(p);
  await popAndFail(queue);
  const statusOnly = withStatus(p);
  queue.update(p, statusOnly);
  assert.deepEqual(queue.pendingPods(), [{ pod: statusOnly, queue: 'unschedulable' }]);

  const relabelled = withLabels(p, { x: '1' });
  queue.update(statusOnly, relabelled); // still inside its 1 s backoff
  assert.deepEqual(queue.pendingPods(), [{ pod: relabelled, queue: 'backoff' }]);

  clock.step(1_000);
  await popAndFail(queue);
  clock.step(5_000); // past the 2 s backoff of attempt 2
  const relabelled2 = withLabels(relabelled, { x: '2' });
  queue.update(relabelled, relabelled2);
  assert.deepEqual(queue.pendingPods(), [{ pod: relabelled2, queue: 'active' }]);
});

test('update of an unknown pod adds it', (t) => {
  const { queue } = newHarness(t);
  queue.update(undefined, makePod('new'));
  assert.deepEqual(queue.len(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
});

test('delete removes a pod from whichever sub-queue holds it', async (t) => {
  const { queue } = newHarness(t);
  queue.add(makePod('parked', { priority: 3 }));
  queue.add(makePod('backoff', { priority: 2 }));
  queue.add(makePod('active', { priority: 1 }));
  queue.add(makePod('gated', { gates: ['example.com/wait'] }));
  await popAndFail(queue); // 'parked' -> unschedulablePods
  const backoff = await popNow(queue);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd, () => false); // a move request that moves nobody
  queue.addUnschedulableIfNotPresent(backoff, queue.currentSchedulingCycle()); // 'backoff' -> backoffQ
  const where = Object.fromEntries(queue.pendingPods().map((p) => [p.pod.metadata!.name!, p.queue]));
  assert.deepEqual(where, { parked: 'unschedulable', backoff: 'backoff', active: 'active', gated: 'gated' });
  for (const name of Object.keys(where)) {
    const before = queue.len();
    queue.delete(makePod(name));
    const after = queue.len();
    const queueName = where[name] as keyof typeof before;
    assert.equal(after[queueName], before[queueName] - 1, `${name} left ${queueName}`);
  }
  assert.deepEqual(queue.len(), { active: 0, backoff: 0, unschedulable: 0, gated: 0 });
});

test('gated pods wait in gated until an update removes their gates; events do not move them', async (t) => {
  const { queue, clock } = newHarness(t);
  const gated = makePod('g', { gates: ['example.com/quota'] });
  queue.add(gated);
  assert.deepEqual(queue.len(), { active: 0, backoff: 0, unschedulable: 0, gated: 1 });
  const waiting = queue.pop();
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  clock.step(10 * 60_000);
  assert.equal(await isSettled(waiting), false);
  const stillGated = withLabels(gated, { a: 'b' });
  queue.update(gated, stillGated);
  assert.equal(queue.len().gated, 1);
  const ungated: Pod = { ...stillGated, spec: { ...stillGated.spec!, schedulingGates: [] } };
  queue.update(stillGated, ungated);
  const info = await settledValue(waiting);
  assert.equal(info?.pod, ungated);
  assert.equal(info?.attempts, 1);
});

test('metrics: pending pods per queue and incoming pods per queue and event', async (t) => {
  const { queue, clock, registry } = newHarness(t);
  queue.add(makePod('a'));
  queue.add(makePod('b'));
  queue.add(makePod('c'));
  queue.add(makePod('g', { gates: ['x'] }));
  await popAndFail(queue); // a -> unschedulable
  const b = await popNow(queue);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd); // a -> backoff (NodeAdd)
  queue.addUnschedulableIfNotPresent(b, queue.currentSchedulingCycle()); // b -> backoff (failure)
  const pending = async (q: string): Promise<number> => metricValue(registry, 'scheduler_pending_pods', { queue: q });
  assert.deepEqual(
    [await pending('active'), await pending('backoff'), await pending('unschedulable'), await pending('gated')],
    [1, 2, 0, 1],
  );
  const incoming = async (q: string, event: string): Promise<number> => metricValue(registry, 'scheduler_queue_incoming_pods_total', { queue: q, event });
  assert.equal(await incoming('active', 'PodAdd'), 3);
  assert.equal(await incoming('gated', 'PodAdd'), 1);
  assert.equal(await incoming('unschedulable', 'ScheduleAttemptFailure'), 1);
  assert.equal(await incoming('backoff', 'ScheduleAttemptFailure'), 1);
  assert.equal(await incoming('backoff', 'NodeAdd'), 1);
  clock.step(1_000);
  assert.equal(await incoming('active', 'BackoffComplete'), 2);
  assert.equal(await pending('active'), 3);
  assert.equal(await pending('backoff'), 0);
});
