/** Integration tests of the ReplicaSet controller against a real apiserver, scheduler and fake kubelet. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { StatusError } from '@skiff/api';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { EVENTS } from '@skiff/runtime';
import { eventually, withControllers } from '../../testing/int-env.js';
import { controllerRefOf } from '../common/index.js';
import { PODS } from './pod-control.js';
import { replicaSetController, REPLICASETS } from './replica-set-controller.js';

const NS = 'rs-test';
const PRIORITY_CLASSES: ResourceRef = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', namespaced: false };
type RS = ReplicaSet & ApiObject;
type PodObj = Pod & ApiObject;

function replicaSet(name: string, replicas: number, extra: { minReadySeconds?: number; priorityClassName?: string } = {}): RS {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      ...(extra.minReadySeconds ? { minReadySeconds: extra.minReadySeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx' }], ...(extra.priorityClassName ? { priorityClassName: extra.priorityClassName } : {}) },
      },
    },
  };
}

function orphan(name: string, labels: Record<string, string>, spec: Partial<Pod['spec']> = {}): PodObj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
}

/** Active pods in NS whose controller is `rs`. */
async function ownedPods(rest: ResourceClient, rs: RS): Promise<PodObj[]> {
  const pods = await rest.list<PodObj>(PODS, NS);
  return pods.items.filter((p) => controllerRefOf(p)?.uid === rs.metadata?.uid && !p.metadata?.deletionTimestamp);
}

/** Waits until `name` shows replicas = ready = available = n for its current generation; returns it. */
async function converged(rest: ResourceClient, name: string, n: number): Promise<RS> {
  return eventually(`${name} at ${n} ready and available replicas`, async () => {
    const rs = await rest.get<RS>(REPLICASETS, NS, name);
    const s = rs.status;
    const ok = s?.observedGeneration === rs.metadata?.generation && s?.replicas === n && s?.readyReplicas === n && s?.availableReplicas === n && s?.fullyLabeledReplicas === n;
    return ok && (await ownedPods(rest, rs)).length === n ? rs : undefined;
  });
}

async function gone(rest: ResourceClient, name: string): Promise<boolean> {
  try {
    const p = await rest.get<PodObj>(PODS, NS, name);
    return !!p.metadata?.deletionTimestamp;
  } catch (err) {
    if (err instanceof StatusError && err.reason === 'NotFound') return true;
    throw err;
  }
}

/** How many times the events happened (an Event with count n stands for n). */
function occurrences(events: Event[]): number {
  return events.reduce((n, e) => n + (e.count ?? 1), 0);
}

async function eventsOf(rest: ResourceClient, rsName: string, reason: string): Promise<Event[]> {
  const list = await rest.list<Event & ApiObject>(EVENTS, NS);
  return list.items.filter((e) => e.involvedObject.name === rsName && e.involvedObject.kind === 'ReplicaSet' && e.reason === reason);
}

test('ReplicaSet controller: create, scale, adopt, release, replace, events, failures', async (t) => {
  await withControllers(
    {
      descriptors: [replicaSetController],
      nodes: ['n1', 'n2'],
      namespaces: [NS],
      // Pods labelled ready=false stay not ready: a way to have one not-ready pod among ready ones.
      kubelet: { ready: (pod) => pod.metadata?.labels?.['ready'] !== 'false' },
    },
    async ({ rest }) => {
      let web: RS = await rest.create<RS>(REPLICASETS, NS, replicaSet('web', 5));

      await t.test('a ReplicaSet of 5 gets 5 ready, available pods and reports them', async () => {
        web = await converged(rest, 'web', 5);
        const pods = await ownedPods(rest, web);
        for (const p of pods) {
          assert.match(p.metadata?.name ?? '', /^web-/);
          assert.equal(p.metadata?.generateName, 'web-');
          assert.deepEqual(p.metadata?.labels, { app: 'web' });
          const ref = controllerRefOf(p)!;
          assert.deepEqual({ ...ref }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: web.metadata?.uid, controller: true, blockOwnerDeletion: true });
          assert.ok(p.spec?.nodeName, 'scheduled');
        }
        const created = await eventually('5 SuccessfulCreate events', async () => {
          const evs = await eventsOf(rest, 'web', 'SuccessfulCreate');
          return evs.length === 5 ? evs : undefined;
        });
        assert.deepEqual(created.map((e) => e.message).sort(), pods.map((p) => `Created pod: ${p.metadata?.name}`).sort());
        assert.ok(created.every((e) => e.type === 'Normal' && e.source?.component === 'replicaset-controller'));
      });

      await t.test('scaling up to 8 bumps observedGeneration and adds 3 pods', async () => {
        const before = (await ownedPods(rest, web)).map((p) => p.metadata?.name);
        await rest.patch(REPLICASETS, NS, 'web', 'merge', { spec: { replicas: 8 } });
        web = await converged(rest, 'web', 8);
        assert.equal(web.status?.observedGeneration, 2);
        const after = (await ownedPods(rest, web)).map((p) => p.metadata?.name);
        assert.ok(before.every((n) => after.includes(n)), 'the first 5 pods are kept');
      });

      await t.test('surplus pods go unscheduled first, then not ready, before any ready pod', async () => {
        const keep = (await ownedPods(rest, web)).map((p) => p.metadata?.name).sort();
        // Both orphans match and are adopted, making 10 for 8 replicas: exactly these two must go.
        await rest.create(PODS, NS, orphan('unschedulable', { app: 'web' }, { nodeSelector: { nowhere: 'true' } }));
        await rest.create(PODS, NS, orphan('not-ready', { app: 'web', ready: 'false' }, { nodeName: 'n1' }));
        await eventually('both extra pods deleted', async () => ((await gone(rest, 'unschedulable')) && (await gone(rest, 'not-ready')) ? true : undefined));
        web = await converged(rest, 'web', 8);
        assert.deepEqual((await ownedPods(rest, web)).map((p) => p.metadata?.name).sort(), keep);
        const deleted = await eventually('SuccessfulDelete events for both', async () => {
          const msgs = (await eventsOf(rest, 'web', 'SuccessfulDelete')).map((e) => e.message);
          return msgs.includes('Deleted pod: unschedulable') && msgs.includes('Deleted pod: not-ready') ? msgs : undefined;
        });
        assert.equal(deleted.length, 2);
      });

      await t.test('scaling down to 2 deletes 6 pods', async () => {
        await rest.patch(REPLICASETS, NS, 'web', 'merge', { spec: { replicas: 2 } });
        web = await converged(rest, 'web', 2);
        await eventually('8 SuccessfulDelete events in all', async () => ((await eventsOf(rest, 'web', 'SuccessfulDelete')).length === 8 ? true : undefined));
      });

      await t.test('a pod whose labels stop matching is released and replaced', async () => {
        const [victim] = await ownedPods(rest, web);
        const name = victim!.metadata!.name!;
        await rest.patch(PODS, NS, name, 'merge', { metadata: { labels: { app: 'elsewhere' } } });
        await eventually('released pod without controller reference', async () => {
          const p = await rest.get<PodObj>(PODS, NS, name);
          return controllerRefOf(p) === undefined ? p : undefined;
        });
        web = await converged(rest, 'web', 2);
        assert.ok(!(await ownedPods(rest, web)).some((p) => p.metadata?.name === name));
      });

      await t.test('a deleted pod is replaced', async () => {
        const [victim] = await ownedPods(rest, web);
        await rest.delete(PODS, NS, victim!.metadata!.name!);
        await eventually('replacement', async () => {
          const pods = await ownedPods(rest, web);
          return pods.length === 2 && !pods.some((p) => p.metadata?.uid === victim!.metadata?.uid) ? true : undefined;
        });
        web = await converged(rest, 'web', 2);
      });

      await t.test('an orphan pod matching the selector is adopted and counts', async () => {
        await rest.create(PODS, NS, orphan('stray', { app: 'adopter' }));
        await eventually('orphan running', async () => ((await rest.get<PodObj>(PODS, NS, 'stray')).status?.phase === 'Running' ? true : undefined));
        const adopter = await rest.create<RS>(REPLICASETS, NS, replicaSet('adopter', 3));
        await converged(rest, 'adopter', 3);
        const stray = await rest.get<PodObj>(PODS, NS, 'stray');
        assert.equal(controllerRefOf(stray)?.uid, adopter.metadata?.uid);
        assert.ok((await ownedPods(rest, adopter)).some((p) => p.metadata?.name === 'stray'));
        const created = await eventually('2 SuccessfulCreate', async () => {
          const evs = await eventsOf(rest, 'adopter', 'SuccessfulCreate');
          return evs.length >= 2 ? evs : undefined;
        });
        assert.equal(created.length, 2, 'only the 2 missing pods were created');
      });

      await t.test('expectations: 20 pods come from exactly 20 creates, none created twice', async () => {
        // Every pod add re-queues the ReplicaSet while creates are still under way; without expectations those syncs
        // would see too few pods and create more (and then have to delete the surplus).
        await rest.create<RS>(REPLICASETS, NS, replicaSet('burst', 20));
        await converged(rest, 'burst', 20);
        // Past 10 distinct messages the recorder folds events into one "(combined from similar events)" event with a count.
        const creates = await eventually('20 SuccessfulCreate events', async () => {
          const n = occurrences(await eventsOf(rest, 'burst', 'SuccessfulCreate'));
          return n >= 20 ? n : undefined;
        });
        assert.equal(creates, 20);
        assert.equal((await eventsOf(rest, 'burst', 'SuccessfulDelete')).length, 0);
      });

      await t.test('availableReplicas follows minReadySeconds', async () => {
        await rest.create<RS>(REPLICASETS, NS, replicaSet('slow', 2, { minReadySeconds: 2 }));
        // Nothing changes on the pods once they are ready: only the controller's own requeue can count them available.
        const rs = await converged(rest, 'slow', 2);
        assert.equal(rs.status?.availableReplicas, 2);
      });

      await t.test('a failing create sets ReplicaFailure and a FailedCreate event; both clear once creates work', async () => {
        await rest.create<RS>(REPLICASETS, NS, replicaSet('pc', 1, { priorityClassName: 'later' }));
        const cond = await eventually('ReplicaFailure condition', async () => {
          const rs = await rest.get<RS>(REPLICASETS, NS, 'pc');
          return rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
        });
        assert.equal(cond.status, 'True');
        assert.equal(cond.reason, 'FailedCreate');
        assert.match(cond.message ?? '', /no PriorityClass with name later was found/);
        const [ev] = await eventually('FailedCreate event', async () => {
          const evs = await eventsOf(rest, 'pc', 'FailedCreate');
          return evs.length > 0 ? evs : undefined;
        });
        assert.equal(ev!.type, 'Warning');
        assert.equal(ev!.message, `Error creating: ${cond.message}`);
        await rest.create(PRIORITY_CLASSES, undefined, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'later' }, value: 1000 });
        const rs = await converged(rest, 'pc', 1);
        assert.equal(rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure'), undefined);
      });
    },
  );
});
