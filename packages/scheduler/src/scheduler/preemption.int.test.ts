/** Integration tests of preemption through the real API: PriorityClasses, victims evicted, the preemptor nominated and bound. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import {
  PODS,
  boundNode,
  createNode,
  eventually,
  getPod,
  listEvents,
  listPods,
  podObject,
  schedulerSeesNodes,
  unschedulableMessage,
  withScheduler,
} from '../testing/int-env.js';

const PRIORITY_CLASSES: ResourceRef = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', namespaced: false };
const NS = 'preempt';

async function priorityClass(rest: ResourceClient, name: string, value: number, preemptionPolicy = 'PreemptLowerPriority'): Promise<void> {
  await rest.create(PRIORITY_CLASSES, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, preemptionPolicy });
}

/** A pod of a priority class that, like a pod whose kubelet has confirmed its end, goes at once when deleted. */
function classPod(name: string, cls: string, cpu: string): Pod & ApiObject {
  return podObject(name, NS, { cpu }, { priorityClassName: cls, terminationGracePeriodSeconds: 0 });
}

async function setUp(rest: ResourceClient): Promise<void> {
  await priorityClass(rest, 'low', 100);
  await priorityClass(rest, 'high', 1000);
  await priorityClass(rest, 'high-never', 1000, 'Never');
}

test('a higher-priority pod preempts the fewest lower-priority pods, is nominated, then bound to the node', async () => {
  await withScheduler({ namespaces: [NS] }, async ({ rest, scheduler }) => {
    await setUp(rest);
    await createNode(rest, 'n1', { cpu: '2', memory: '4Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 1);
    await rest.create(PODS, NS, classPod('low-a', 'low', '1'));
    await rest.create(PODS, NS, classPod('low-b', 'low', '1'));
    await boundNode(rest, NS, 'low-a');
    await boundNode(rest, NS, 'low-b');

    const created = await rest.create<Pod & ApiObject>(PODS, NS, classPod('urgent', 'high', '1'));
    assert.equal(created.spec?.priority, 1000, 'the apiserver resolves the priority class');
    assert.equal(await boundNode(rest, NS, 'urgent'), 'n1');

    const left = (await listPods(rest, NS)).map((p) => p.metadata!.name!).sort();
    assert.equal(left.length, 2, `one low pod is evicted, one stays: ${left.join(', ')}`);
    assert.ok(left.includes('urgent'));
    const victim = left.includes('low-a') ? 'low-b' : 'low-a';
    const urgent = await getPod(rest, NS, 'urgent');
    assert.equal(urgent.status?.nominatedNodeName, 'n1');
    const preempted = await eventually('Preempted event', async () => (await listEvents(rest, NS, 'Preempted', victim))[0]);
    assert.equal(preempted.message, `Preempted by pod ${urgent.metadata!.uid} on node n1`);
    const failed = await eventually('FailedScheduling event', async () => (await listEvents(rest, NS, 'FailedScheduling', 'urgent'))[0]);
    assert.equal(failed.message, '0/1 nodes are available: 1 Insufficient cpu.');
  });
});

test('preemption is refused with Kubernetes\' messages: no lower-priority victims, and preemptionPolicy Never', async () => {
  await withScheduler({ namespaces: [NS] }, async ({ rest, scheduler }) => {
    await setUp(rest);
    await createNode(rest, 'n1', { cpu: '1', memory: '4Gi', pods: '10' });
    await schedulerSeesNodes(scheduler, 1);
    await rest.create(PODS, NS, classPod('incumbent', 'high', '1'));
    await boundNode(rest, NS, 'incumbent');

    await rest.create(PODS, NS, classPod('peer', 'high', '1'));
    assert.equal(
      await unschedulableMessage(rest, NS, 'peer'),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
    await rest.delete(PODS, NS, 'peer');

    await rest.delete(PODS, NS, 'incumbent');
    await rest.create(PODS, NS, classPod('sitter', 'low', '1'));
    await boundNode(rest, NS, 'sitter');
    await rest.create(PODS, NS, classPod('polite', 'high-never', '1'));
    assert.equal(await unschedulableMessage(rest, NS, 'polite'), '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..');
    assert.equal((await getPod(rest, NS, 'sitter')).metadata?.deletionTimestamp, undefined, 'the lower-priority pod is left alone');
  });
});
