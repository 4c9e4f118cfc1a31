/** Integration tests: the scheduler against a real API server (gRPC) and etcd, with Node objects created through the API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '@skiff/client';
import {
  createNode,
  eventually,
  listEvents,
  listPods,
  podObject as podObjectIn,
  schedulerSeesNodes,
  unschedulableCondition,
  withScheduler as withSchedulerIn,
  type SchedulerEnv,
} from '../testing/int-env.js';
import { PODS } from './scheduler.js';

const NS = 'sched';

/** A fresh apiserver + scheduler with namespace NS, torn down after `body`. */
const withScheduler = (body: (env: SchedulerEnv) => Promise<void>): Promise<void> => withSchedulerIn({ namespaces: [NS] }, body);
const podObject = (name: string, requests: Record<string, string> = {}) => podObjectIn(name, NS, requests);
const pods = (rest: ResourceClient): Promise<Pod[]> => listPods(rest, NS);
const events = (rest: ResourceClient, reason: string, podName?: string): Promise<Event[]> => listEvents(rest, NS, reason, podName);

test('a pod is bound to the node that fits, with a Scheduled event', async () => {
  await withScheduler(async ({ rest, metrics, scheduler }) => {
    await createNode(rest, 'small', { cpu: '1', memory: '2Gi', pods: '10' });
    await createNode(rest, 'big', { cpu: '4', memory: '8Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 2);
    await rest.create(PODS, NS, podObject('web', { cpu: '2' }));
    const bound = await eventually('web bound', async () => (await pods(rest)).find((p) => p.spec?.nodeName));
    assert.equal(bound.spec?.nodeName, 'big');
    const scheduled = await eventually('Scheduled event', async () => (await events(rest, 'Scheduled', 'web'))[0]);
    assert.equal(scheduled.type, 'Normal');
    assert.equal(scheduled.message, `Successfully assigned ${NS}/web to big`);
    const attempts = await metrics.getSingleMetric('scheduler_schedule_attempts_total')!.get();
    assert.deepEqual(attempts.values.map((v) => [v.labels, v.value]), [[{ result: 'scheduled', profile: 'default-scheduler' }, 1]]);
  });
});

test('pods of another schedulerName are left alone', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    await createNode(rest, 'n1', { cpu: '4', memory: '8Gi', pods: '10' });
    const other = podObject('other');
    other.spec!.schedulerName = 'someone-else';
    await rest.create(PODS, NS, other);
    // Created after 'other': the queue is FIFO among equal priorities, so had 'other' been queued it would be tried first.
    await rest.create(PODS, NS, podObject('mine'));
    await eventually('mine bound', async () => (await pods(rest)).find((p) => p.metadata?.name === 'mine' && p.spec?.nodeName));
    await scheduler.idle();
    const ignored = (await pods(rest)).find((p) => p.metadata?.name === 'other')!;
    assert.equal(ignored.spec?.nodeName, undefined);
    assert.equal(ignored.status?.conditions?.find((c) => c.type === 'PodScheduled'), undefined);
    assert.deepEqual(await events(rest, 'FailedScheduling', 'other'), []);
  });
});

test('an unschedulable pod gets the condition and FailedScheduling event, then lands on a fitting node once one appears', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    await createNode(rest, 'small', { cpu: '1', memory: '2Gi', pods: '10' });
    await createNode(rest, 'medium', { cpu: '2', memory: '2Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 2);
    await rest.create(PODS, NS, podObject('huge', { cpu: '3' }));
    // DefaultPreemption's PostFilter appends its own count; upstream's text really ends in two periods.
    const message = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..';
    const pending = await eventually('Unschedulable condition', async () => (await pods(rest)).find((p) => unschedulableCondition(p)));
    assert.equal(unschedulableCondition(pending)!.message, message);
    assert.equal(pending.spec?.nodeName, undefined);
    const failed = await eventually('FailedScheduling event', async () => (await events(rest, 'FailedScheduling', 'huge'))[0]);
    assert.equal(failed.type, 'Warning');
    assert.equal(failed.message, message);
    await createNode(rest, 'large', { cpu: '8', memory: '16Gi', pods: '10' });
    const bound = await eventually('huge bound', async () => (await pods(rest)).find((p) => p.spec?.nodeName));
    assert.equal(bound.spec?.nodeName, 'large');
  });
});

test('500 pods racing for 10 nodes with room for 300: exactly 300 bound, no node over-committed, the rest Unschedulable', async () => {
  await withScheduler(async ({ rest, scheduler }) => {
    const nodeCount = 10;
    const podsPerNode = 30;
    const total = 500;
    for (let i = 0; i < nodeCount; i++) await createNode(rest, `node-${i}`, { cpu: '64', memory: '256Gi', pods: String(podsPerNode) });
    await schedulerSeesNodes(scheduler, nodeCount);
    const names = Array.from({ length: total }, (_v, i) => `racer-${i}`);
    const batch = 50;
    for (let i = 0; i < total; i += batch) await Promise.all(names.slice(i, i + batch).map((n) => rest.create(PODS, NS, podObject(n, { cpu: '10m' }))));
    const capacity = nodeCount * podsPerNode;
    const settled = await eventually('every racer bound or marked Unschedulable', async () => {
      const all = await pods(rest);
      const bound = all.filter((p) => p.spec?.nodeName);
      const unschedulable = all.filter((p) => !p.spec?.nodeName && unschedulableCondition(p));
      return bound.length + unschedulable.length === total ? all : undefined;
    });
    await scheduler.idle();
    const all = await pods(rest);
    const perNode = new Map<string, number>();
    for (const p of all) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.equal([...perNode.values()].reduce((a, b) => a + b, 0), capacity);
    for (const [name, count] of perNode) assert.ok(count <= podsPerNode, `${name} holds ${count} pods`);
    const rest_ = all.filter((p) => !p.spec?.nodeName);
    assert.equal(rest_.length, total - capacity);
    const noVictims = `preemption: 0/${nodeCount} nodes are available: ${nodeCount} No preemption victims found for incoming pod..`;
    for (const p of rest_) assert.equal(unschedulableCondition(p)?.message, `0/${nodeCount} nodes are available: ${nodeCount} Too many pods. ${noVictims}`);
    assert.equal(settled.length, total);
  });
});
