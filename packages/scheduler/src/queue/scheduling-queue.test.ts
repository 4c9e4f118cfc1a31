/** Tests of the scheduling queue: ordering, pop, backoff, parking, events, flushes, the move-request rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ClusterEvents } from './cluster-events.js';
import { isSettled, makePod, newHarness, popAndFail, popNow, settledValue, tick } from './test-helpers.js';

const names = (pods: Array<{ pod: Pod }>): string[] => pods.map((p) => p.pod.metadata!.name!).sort();

test('activeQ pops by priority, then by first-added time, then by insertion order', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('low-early'));
  clock.step(1);
  queue.add(makePod('high-1', { priority: 10 }));
  clock.step(1);
  queue.add(makePod('mid', { priority: 5 }));
  queue.add(makePod('high-2', { priority: 10 }));
  queue.add(makePod('high-3', { priority: 10 }));
  clock.step(1);
  queue.add(makePod('low-late', { priority: 0 }));
  const order: string[] = [];
  while (queue.len().active > 0) order.push((await popNow(queue)).pod.metadata!.name!);
  assert.deepEqual(order, ['high-1', 'high-2', 'high-3', 'mid', 'low-early', 'low-late']);
});

test('a retried pod keeps its first-added time: it goes before a same-priority pod added while it was parked', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('early'));
  await popAndFail(queue);
  clock.step(2_000);
  queue.add(makePod('later'));
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  const order = [await popNow(queue), await popNow(queue)].map((i) => i.pod.metadata!.name);
  assert.deepEqual(order, ['early', 'later']);
});

test('an injected priorityOf (a PriorityClass lookup) decides the order', async (t) => {
  const classes: Record<string, number> = { critical: 1000, batch: -5 };
  const { queue } = newHarness(t, { priorityOf: (pod) => classes[pod.spec?.priorityClassName ?? ''] ?? 0 });
  queue.add(makePod('batch', { priorityClassName: 'batch' }));
  queue.add(makePod('plain'));
  queue.add(makePod('critical', { priorityClassName: 'critical' }));
  const order = [await popNow(queue), await popNow(queue), await popNow(queue)].map((i) => i.pod.metadata!.name);
  assert.deepEqual(order, ['critical', 'plain', 'batch']);
});

test('pop waits for a pod, wakes waiters in order, counts attempts and cycles; abort rejects without losing a pod', async (t) => {
  const { queue, clock } = newHarness(t);
  const first = queue.pop();
  const second = queue.pop();
  assert.equal(await isSettled(first), false);
  clock.step(5);
  queue.add(makePod('a'));
  const a = await settledValue(first);
  assert.equal(a?.pod.metadata?.name, 'a');
  assert.equal(a?.attempts, 1);
  assert.equal(a?.timestamp, 5);
  assert.equal(a?.initialAttemptTimestamp, 5);
  assert.equal(queue.currentSchedulingCycle(), 1);
  assert.equal(await isSettled(second), false);
  queue.add(makePod('b'));
  assert.equal((await settledValue(second))?.pod.metadata?.name, 'b');
  assert.equal(queue.currentSchedulingCycle(), 2);

  const ac = new AbortController();
  const aborted = queue.pop(ac.signal);
  const reason = new Error('stop');
  ac.abort(reason);
  await assert.rejects(aborted, (err) => err === reason);
  queue.add(makePod('c'));
  assert.equal(queue.len().active, 1, 'the aborted pop did not take the pod');
  await assert.rejects(queue.pop(ac.signal), (err) => err === reason);
});

test('backoff after failures is 1, 2, 4, 8, 10, 10 s', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('p'));
  const seen: number[] = [];
  for (let i = 0; i < 6; i++) {
    const info = await popNow(queue);
    assert.equal(info.attempts, i + 1);
    // A move request during the attempt sends the failed pod to backoffQ (the move-request-cycle rule).
    queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
    queue.addUnschedulableIfNotPresent(info, queue.currentSchedulingCycle());
    assert.deepEqual(queue.len(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
    let waited = 0;
    while (queue.len().backoff === 1) {
      clock.step(250);
      waited += 250;
    }
    assert.equal(queue.len().active, 1);
    seen.push(waited);
  }
  assert.deepEqual(seen, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
});

test('a backed-off pod comes back exactly at expiry, not a millisecond earlier', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('p'));
  const info = await popNow(queue);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  queue.addUnschedulableIfNotPresent(info, queue.currentSchedulingCycle());
  const woke = queue.pop();
  clock.step(999);
  assert.equal(await isSettled(woke), false);
  clock.step(1);
  assert.equal((await settledValue(woke))?.pod.metadata?.name, 'p');
});

test('parked pods move on a cluster event: to backoffQ while backing off, else to activeQ', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('old'));
  await popAndFail(queue);
  clock.step(2_000); // 'old' (1 attempt, 1 s backoff) is past its backoff
  queue.add(makePod('fresh'));
  await popAndFail(queue);
  assert.deepEqual(queue.len(), { active: 0, backoff: 0, unschedulable: 2, gated: 0 });

  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  assert.deepEqual(names(queue.pendingPods().filter((p) => p.queue === 'active')), ['old']);
  assert.deepEqual(names(queue.pendingPods().filter((p) => p.queue === 'backoff')), ['fresh']);
  clock.step(1_000);
  assert.deepEqual(queue.len(), { active: 2, backoff: 0, unschedulable: 0, gated: 0 });
});

test('a preCheck limits which parked pods move', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('a'));
  queue.add(makePod('b'));
  await popAndFail(queue);
  await popAndFail(queue);
  clock.step(2_000);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeUpdate, (pod) => pod.metadata?.name === 'b');
  assert.deepEqual(queue.pendingPods().map((p) => [p.pod.metadata?.name, p.queue]).sort(), [['a', 'unschedulable'], ['b', 'active']]);
});

test('queueing hints: only pods rejected by a plugin that cares about the event move', async (t) => {
  const { queue, clock } = newHarness(t, { queueingHints: { NodeAdd: ['NodeResourcesFit'], '*': ['Everything'] } });
  for (const name of ['fit', 'taint', 'unknown', 'star']) queue.add(makePod(name));
  const plugins: Record<string, string[]> = { fit: ['NodeResourcesFit'], taint: ['TaintToleration'], unknown: [], star: ['Everything'] };
  for (let i = 0; i < 4; i++) {
    const info = await popNow(queue);
    info.unschedulablePlugins = new Set(plugins[info.pod.metadata!.name!]);
    queue.addUnschedulableIfNotPresent(info, queue.currentSchedulingCycle());
  }
  clock.step(2_000);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd);
  assert.deepEqual(names(queue.pendingPods().filter((p) => p.queue === 'active')), ['fit', 'star', 'unknown']);
  assert.deepEqual(names(queue.pendingPods().filter((p) => p.queue === 'unschedulable')), ['taint']);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.PodDelete);
  assert.equal(queue.len().unschedulable, 1, 'no plugin of taint cares about PodDelete');
});

test('parked pods are flushed back after 5 min without events, on the 30 s flush', async (t) => {
  const { queue, clock } = newHarness(t, { queueingHints: { NodeAdd: ['NodeResourcesFit'] } });
  queue.add(makePod('p'));
  await popAndFail(queue, ['TaintToleration']); // no hint would ever move it
  clock.step(5 * 60_000);
  assert.equal(queue.len().unschedulable, 1, 'exactly 5 min is not longer than the limit');
  clock.step(30_000);
  assert.deepEqual(queue.len(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
});

test('move-request-cycle rule: a move request during the attempt sends the failed pod to backoffQ', async (t) => {
  const { queue, clock } = newHarness(t);
  queue.add(makePod('a'));
  queue.add(makePod('b'));
  const a = await popNow(queue);
  const cycleA = queue.currentSchedulingCycle();
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd); // while 'a' is being scheduled
  a.unschedulablePlugins = new Set(['NodeResourcesFit']);
  queue.addUnschedulableIfNotPresent(a, cycleA);
  assert.equal(queue.len().backoff, 1, "'a' may have missed the node that came: it is not parked");

  clock.step(1);
  const b = await popNow(queue); // cycle 2 starts after the move request
  queue.addUnschedulableIfNotPresent(b, queue.currentSchedulingCycle());
  assert.deepEqual(queue.pendingPods().map((p) => [p.pod.metadata?.name, p.queue]).sort(), [['a', 'backoff'], ['b', 'unschedulable']]);
});

test('adding a pod that is already queued is an AlreadyExists error', async (t) => {
  const { queue } = newHarness(t);
  queue.add(makePod('a'));
  const info = await popNow(queue);
  queue.add(makePod('a')); // e.g. a resync while 'a' was in flight
  assert.throws(() => queue.addUnschedulableIfNotPresent(info, queue.currentSchedulingCycle()), (err: Error) => {
    assert.equal((err as { reason?: string }).reason, 'AlreadyExists');
    assert.match(err.message, /Pod default\/a is already present in the active queue/);
    return true;
  });
});

test('assignedPodAdded moves only parked pods whose required pod affinity the new pod satisfies', async (t) => {
  const { queue, clock } = newHarness(t);
  const wantsDb: Pod = makePod('wants-db');
  wantsDb.spec!.affinity = {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } }] },
  };
  queue.add(wantsDb);
  queue.add(makePod('plain'));
  await popAndFail(queue, ['InterPodAffinity']);
  await popAndFail(queue, ['NodeResourcesFit']);
  clock.step(2_000);
  queue.assignedPodAdded(makePod('web-0', { labels: { app: 'web' } }));
  assert.equal(queue.len().unschedulable, 2);
  queue.assignedPodAdded(makePod('db-0', { labels: { app: 'db' }, namespace: 'other' }));
  assert.equal(queue.len().unschedulable, 2, 'a term without namespaces only looks at the pending pod\'s namespace');
  queue.assignedPodUpdated(makePod('db-0', { labels: { app: 'db' } }));
  assert.deepEqual(queue.pendingPods().map((p) => [p.pod.metadata?.name, p.queue]).sort(), [['plain', 'unschedulable'], ['wants-db', 'active']]);
});

test('activate moves parked and backing-off pods straight to activeQ', async (t) => {
  const { queue } = newHarness(t);
  queue.add(makePod('a'));
  queue.add(makePod('b'));
  await popAndFail(queue);
  const b = await popNow(queue);
  queue.moveAllToActiveOrBackoffQueue(ClusterEvents.NodeAdd); // moves 'a' to backoff, sets the move request
  queue.addUnschedulableIfNotPresent(b, queue.currentSchedulingCycle());
  assert.equal(queue.len().backoff, 2);
  queue.activate([makePod('a'), makePod('b'), makePod('unknown')]);
  assert.deepEqual(queue.len(), { active: 2, backoff: 0, unschedulable: 0, gated: 0 });
});

test('close wakes every waiting pop with undefined, stops the timers, and later pops return undefined', async (t) => {
  const { queue, clock } = newHarness(t);
  const waiting = [queue.pop(), queue.pop()];
  assert.equal(await isSettled(waiting[0]!), false);
  queue.close();
  assert.deepEqual(await settledValue(Promise.all(waiting)), [undefined, undefined]);
  queue.add(makePod('late'));
  assert.equal(await queue.pop(), undefined);
  assert.equal(clock.hasWaiters(), false, 'no flush or backoff timer left on the clock');
  queue.close();
  await tick();
});
