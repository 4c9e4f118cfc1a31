/** Integration tests of the disruption controller with the ReplicaSet controller, scheduler and fake kubelet against a real apiserver. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiObject, ResourceClient, ResourceRef } from '@skiff/client';
import { eventually, withControllers } from '../../testing/int-env.js';
import { replicaSetController } from '../replicaset/index.js';
import { disruptionController, PODDISRUPTIONBUDGETS } from './index.js';

const NS = 'pdb-test';
const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods', namespaced: true };
type Pdb = PodDisruptionBudget & ApiObject;

function replicaSet(name: string, replicas: number): ReplicaSet & ApiObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

function pdb(name: string, app: string, bound: { minAvailable?: number | string; maxUnavailable?: number | string }): Pdb {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: NS }, spec: { ...bound, selector: { matchLabels: { app } } } };
}

/** Waits until the PDB's status shows `want` for its current generation. */
async function statusIs(rest: ResourceClient, name: string, want: { currentHealthy: number; desiredHealthy: number; expectedPods: number; disruptionsAllowed: number }): Promise<Pdb> {
  return eventually(`${name} status ${JSON.stringify(want)}`, async () => {
    const p = await rest.get<Pdb>(PODDISRUPTIONBUDGETS, NS, name);
    const s = p.status;
    const ok =
      s?.observedGeneration === p.metadata?.generation &&
      s?.currentHealthy === want.currentHealthy &&
      s?.desiredHealthy === want.desiredHealthy &&
      s?.expectedPods === want.expectedPods &&
      s?.disruptionsAllowed === want.disruptionsAllowed;
    return ok ? p : undefined;
  });
}

test('disruption controller: PDB status from pods and ReplicaSet scale, evictions counted until the pod goes', async (t) => {
  await withControllers({ descriptors: [disruptionController, replicaSetController], nodes: ['n1', 'n2'], namespaces: [NS] }, async ({ rest, server }) => {
    await rest.create(REPLICASETS, NS, replicaSet('web', 3));
    await rest.create(PODDISRUPTIONBUDGETS, NS, pdb('web-pdb', 'web', { minAvailable: 2 }));

    await t.test('minAvailable 2 over 3 ready replicas allows 1 disruption', async () => {
      const p = await statusIs(rest, 'web-pdb', { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
      assert.deepEqual(
        p.status?.conditions?.map((c) => [c.type, c.status, c.reason]),
        [['DisruptionAllowed', 'True', 'SufficientPods']],
      );
    });

    await t.test('an eviction takes the disruption; a second one is refused until the replacement is ready', async () => {
      const pods = (await rest.list<Pod & ApiObject>(PODS, NS)).items.filter((p) => !p.metadata?.deletionTimestamp);
      const [first, second] = pods.map((p) => p.metadata?.name ?? '');
      const evict = (name: string) => server.request('POST', `/api/v1/namespaces/${NS}/pods/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });
      const ok = await evict(first!);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      // Straight after the eviction the budget is spent, whatever the controller has seen yet.
      const refused = await evict(second!);
      assert.equal(refused.status, 429, JSON.stringify(refused.body));
      assert.equal(refused.body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
      // The ReplicaSet replaces the pod; once the replacement is ready, the budget has room again and forgets the eviction.
      const p = await statusIs(rest, 'web-pdb', { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
      assert.equal(Object.keys(p.status?.disruptedPods ?? {}).length, 0);
      const again = await evict(second!);
      assert.equal(again.status, 201, JSON.stringify(again.body));
    });

    await t.test('maxUnavailable as a percentage uses the ReplicaSet scale, rounding up', async () => {
      await rest.create(REPLICASETS, NS, replicaSet('api', 4));
      await rest.create(PODDISRUPTIONBUDGETS, NS, pdb('api-pdb', 'api', { maxUnavailable: '30%' }));
      // 30% of 4 rounds up to 2 unavailable: 2 must stay healthy.
      await statusIs(rest, 'api-pdb', { currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptionsAllowed: 2 });
    });

    await t.test('a budget selecting no pods allows nothing', async () => {
      await rest.create(PODDISRUPTIONBUDGETS, NS, pdb('none-pdb', 'nobody', { minAvailable: 1 }));
      const p = await statusIs(rest, 'none-pdb', { currentHealthy: 0, desiredHealthy: 1, expectedPods: 0, disruptionsAllowed: 0 });
      assert.equal(p.status?.conditions?.[0]?.reason, 'InsufficientPods');
    });

    await t.test('a percentage over pods without a controller fails safe with SyncFailed', async () => {
      await rest.create(PODS, NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: NS, labels: { app: 'stray' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000', controller: true }] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      await rest.create(PODDISRUPTIONBUDGETS, NS, pdb('stray-pdb', 'stray', { minAvailable: '50%' }));
      const p = await eventually('stray-pdb SyncFailed', async () => {
        const got = await rest.get<Pdb>(PODDISRUPTIONBUDGETS, NS, 'stray-pdb');
        return got.status?.conditions?.some((c) => c.reason === 'SyncFailed') ? got : undefined;
      });
      const cond = p.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
      assert.equal(cond?.status, 'False');
      assert.equal(cond?.message, 'found no controllers for pod "stray"');
      assert.equal(p.status?.disruptionsAllowed, 0);
    });
  });
});
