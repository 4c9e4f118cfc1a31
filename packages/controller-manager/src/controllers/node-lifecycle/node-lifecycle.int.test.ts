/** Integration tests of the node lifecycle controller against a real apiserver: silent nodes, taints, NoExecute eviction. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node, Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { StatusError } from '@skiff/api';
import { eventually, nodeObject, withControllers } from '../../testing/int-env.js';
import { nodeLifecycleController } from './index.js';
import { NODES, PODS } from './resources.js';

const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true };
const NS = 'lifecycle';

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function heartbeatingNode(name: string): Node & ApiObject {
  const node = nodeObject(name);
  node.status!.conditions = [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: rfc3339(Date.now()), lastTransitionTime: rfc3339(Date.now()) }];
  return node;
}

function boundPod(name: string, nodeName: string, tolerations?: Toleration[]): Pod & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }], ...(tolerations ? { tolerations } : {}) },
  };
}

async function podGone(rest: ResourceClient, name: string): Promise<true | undefined> {
  try {
    await rest.get(PODS, NS, name);
    return undefined;
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return true;
    throw err;
  }
}

test('node lifecycle: a silent node goes Unknown and is tainted, its pods leave after their tolerations, the taint goes with the next heartbeat', async () => {
  await withControllers(
    { descriptors: [nodeLifecycleController], settings: { nodeMonitorGracePeriodMs: 2000, nodeMonitorPeriodMs: 200 }, kubelet: true, namespaces: [NS] },
    async ({ rest }) => {
      await rest.create(NODES, undefined, heartbeatingNode('silent'));
      const oneSecond = await rest.create<Pod & ApiObject>(
        PODS,
        NS,
        boundPod('short', 'silent', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 }]),
      );
      const defaulted = await rest.create<Pod & ApiObject>(PODS, NS, boundPod('defaulted', 'silent'));
      // DefaultTolerationSeconds admission: the pod's own unreachable toleration is kept, the other default added.
      assert.deepEqual(
        oneSecond.spec?.tolerations?.map((t) => `${t.key}:${t.tolerationSeconds}`),
        ['node.kubernetes.io/unreachable:1', 'node.kubernetes.io/not-ready:300'],
      );
      assert.deepEqual(defaulted.spec?.tolerations?.map((t) => `${t.key}:${t.tolerationSeconds}`), ['node.kubernetes.io/not-ready:300', 'node.kubernetes.io/unreachable:300']);

      const unknown = await eventually('the silent node to be Ready=Unknown and tainted unreachable', async () => {
        const node = await rest.get<Node & ApiObject>(NODES, undefined, 'silent');
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        const taint = node.spec?.taints?.find((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
        return ready?.status === 'Unknown' && taint ? node : undefined;
      });
      const ready = unknown.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.reason, 'NodeStatusUnknown');
      assert.equal(ready?.message, 'Kubelet stopped posting node status.');
      for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.equal(unknown.status?.conditions?.find((c) => c.type === type)?.status, 'Unknown');
      assert.ok(unknown.spec?.taints?.find((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute')?.timeAdded);
      assert.ok(unknown.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule'));

      await eventually('the pod tolerating unreachable for 1s to be deleted', () => podGone(rest, 'short'));
      const events = await eventually('the TaintManagerEviction event', async () => {
        const list = await rest.list<Event & ApiObject>(EVENTS, NS);
        const found = list.items.filter((e) => e.reason === 'TaintManagerEviction' && e.involvedObject.name === 'short');
        return found.length > 0 ? found : undefined;
      });
      assert.equal(events[0]?.message, `Marking for deletion Pod ${NS}/short`);
      // The defaulted pod tolerates unreachable for 300 s: still there, not being deleted.
      const stillThere = await rest.get<Pod & ApiObject>(PODS, NS, 'defaulted');
      assert.equal(stillThere.metadata?.deletionTimestamp, undefined);

      const conditions = unknown.status!.conditions!.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: rfc3339(Date.now()) } : c,
      );
      await rest.patch(NODES, undefined, 'silent', 'merge', { status: { conditions } }, { subresource: 'status' });
      const healed = await eventually('the unreachable taints to go after a heartbeat', async () => {
        const node = await rest.get<Node & ApiObject>(NODES, undefined, 'silent');
        return node.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable') ? undefined : node;
      });
      assert.ok(!(healed.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready'));
    },
  );
});

test('taint eviction: a pod that does not tolerate a NoExecute taint is deleted at once', async () => {
  await withControllers({ descriptors: [nodeLifecycleController], kubelet: true, namespaces: [NS] }, async ({ rest }) => {
    await rest.create(NODES, undefined, heartbeatingNode('tainted'));
    await rest.create(PODS, NS, boundPod('plain', 'tainted'));
    await rest.create(PODS, NS, boundPod('tolerant', 'tainted', [{ key: 'example.com/evict', operator: 'Exists', effect: 'NoExecute' }]));
    await rest.patch(NODES, undefined, 'tainted', 'merge', { spec: { taints: [{ key: 'example.com/evict', effect: 'NoExecute' }] } });
    await eventually('the pod without a toleration to be deleted', () => podGone(rest, 'plain'));
    // Tolerating without tolerationSeconds means staying for good.
    const tolerant = await rest.get<Pod & ApiObject>(PODS, NS, 'tolerant');
    assert.equal(tolerant.metadata?.deletionTimestamp, undefined);
  });
});
